import { ERROR_STATUS, type ErrorCode } from './codes.ts';

/** DRF's default body: `{"detail": "…"}` for simple errors, the field-error dict for validation. */
export type ErrorDetail = { detail: string } | Record<string, unknown>;

/**
 * An error a client is meant to see. Thrown anywhere in the pipeline or a handler; the error
 * handler renders it as `{code, message, detail, request_id}`.
 */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, detail: ErrorDetail, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.detail = detail;
    this.headers = headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  /** Field errors (DRF validation shape). The message is stable English (decision D14). */
  static invalidInput(detail: Record<string, unknown>): ApiError {
    return new ApiError('VALIDATION.INVALID_INPUT', 'Invalid input.', detail);
  }

  static badRequest(text: string): ApiError {
    return new ApiError('VALIDATION.INVALID_INPUT', text, { detail: text });
  }

  /** 401 with `WWW-Authenticate: Bearer` (decision D1). */
  static unauthorized(text = 'Authentication credentials were not provided.'): ApiError {
    return new ApiError('AUTH.UNAUTHORIZED', text, { detail: text }, { 'WWW-Authenticate': 'Bearer' });
  }

  static forbidden(text = 'You do not have permission to perform this action.'): ApiError {
    return new ApiError('AUTH.FORBIDDEN', text, { detail: text });
  }

  /** 404; `message` may say which object (`No Notification matches the given query.`). */
  static notFound(text = 'Not found.', message = text): ApiError {
    return new ApiError('RESOURCE.NOT_FOUND', message, { detail: text });
  }

  static methodNotAllowed(method: string, allow: readonly string[]): ApiError {
    const text = `Method "${method}" not allowed.`;
    return new ApiError('ERROR.HTTP_405', text, { detail: text }, { Allow: allow.join(', ') });
  }

  static unsupportedMediaType(contentType: string): ApiError {
    const text = `Unsupported media type "${contentType}" in request.`;
    return new ApiError('ERROR.HTTP_415', text, { detail: text });
  }

  static rateLimited(retryAfterSeconds: number, headers: Record<string, string>): ApiError {
    // DRF's wording, singular included.
    const text = `Request was throttled. Expected available in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`;
    return new ApiError('ERROR.HTTP_429', text, { detail: text }, { 'Retry-After': String(retryAfterSeconds), ...headers });
  }

  static internal(): ApiError {
    const text = 'A server error occurred.';
    return new ApiError('SERVER.INTERNAL_ERROR', text, { detail: text });
  }
}
