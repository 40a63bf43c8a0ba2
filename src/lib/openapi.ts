import type { z } from '@hono/zod-openapi';

/** An OpenAPI response (or request body) whose content is JSON of `schema`. */
export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
