/**
 * The closed set of error codes (contract §c.6). Every error response carries one of these;
 * statuses without a named code use the original's `ERROR.HTTP_<status>` form.
 */
export const ERROR_STATUS = {
  'VALIDATION.INVALID_INPUT': 400,
  'AUTH.UNAUTHORIZED': 401,
  'AUTH.FORBIDDEN': 403,
  'RESOURCE.NOT_FOUND': 404,
  'ERROR.HTTP_405': 405,
  'ERROR.HTTP_415': 415,
  'ERROR.HTTP_429': 429,
  // QStash's "never retry" answer (with Upstash-NonRetryable-Error: true), for job deliveries only.
  'ERROR.HTTP_489': 489,
  'SERVER.INTERNAL_ERROR': 500,
  'ERROR.HTTP_503': 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
