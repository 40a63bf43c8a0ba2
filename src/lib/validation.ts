import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { ApiError } from '../pipeline/errors/api-error.ts';

/** zod issues in DRF's field-error shape: `{field: ["message"]}`, list items by index. */
export function toFieldErrors(error: z.ZodError): Record<string, unknown> {
  const out: Record<string, any> = {};
  for (const issue of error.issues) {
    const [field = 'non_field_errors', ...rest] = issue.path.map(String);
    if (rest.length > 0) {
      out[field] ??= {};
      (out[field][rest.join('.')] ??= []).push(issue.message);
    } else {
      (out[field] ??= []).push(issue.message);
    }
  }
  return out;
}

/** Route-level validation failures become 400 `VALIDATION.INVALID_INPUT`, never a 500. */
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw ApiError.invalidInput(toFieldErrors(result.error as z.ZodError));
};
