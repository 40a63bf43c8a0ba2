import { getPath } from 'hono/utils/url';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { SettingsError } from '../../env.ts';
import { redactSecrets } from '../../lib/redact.ts';
import type { RouteTable } from '../routing/route-table.ts';
import { ApiError } from './api-error.ts';
import { errorResponse } from './render.ts';

function logError(c: Context, message: string, cause: unknown) {
  console.error(
    JSON.stringify({
      level: 'error',
      msg: message,
      request_id: c.get('requestId') ?? null,
      method: c.req.method,
      path: getPath(c.req.raw), // as requested (c.req.path is the routed one, without a format suffix)
      cause:
        cause instanceof Error
          ? { name: cause.name, message: redactSecrets(cause.message), stack: cause.stack && redactSecrets(cause.stack), code: (cause as any).code }
          : redactSecrets(String(cause)),
    }),
  );
}

/**
 * Everything thrown ends here: client errors as their envelope, anything unexpected as a JSON 500
 * with the request id (logged with its cause) — never HTML, never a stack trace (decision D6).
 */
export const onError: ErrorHandler = async function onError(err, c) {
  if (err instanceof ApiError) return errorResponse(c, await unlessInactive(c, err));
  if (err instanceof HTTPException && err.status < 500) {
    const text = err.message || 'Bad request.';
    return errorResponse(
      c,
      err.status === 415 ? ApiError.unsupportedMediaType(c.req.header('Content-Type') ?? '') : ApiError.badRequest(text),
    );
  }
  logError(c, err instanceof SettingsError ? 'worker misconfigured' : 'unhandled error', err);
  return errorResponse(c, ApiError.internal());
};

/** Refusals an authenticated caller may only hear once its user is known to be active. */
const CONFIRMED_REFUSALS = new Set([400, 403, 404, 405, 415]);

/**
 * `err`, or the 401 of an inactive user whose request was refused before its SQL ran. If the check
 * itself fails (database down) the original refusal stands: it is still true.
 */
async function unlessInactive(c: Context, err: ApiError): Promise<ApiError> {
  const confirm = c.get('confirmPrincipal') as (() => Promise<void>) | undefined;
  if (!confirm || !CONFIRMED_REFUSALS.has(err.status)) return err;
  try {
    await confirm();
    return err;
  } catch (e) {
    if (e instanceof ApiError) return e;
    logError(c, 'user check failed', e);
    return err;
  }
}

/**
 * No handler matched: a known URL with another method is 405 with `Allow` (auth already ran), a
 * slash-less GET of a known URL is redirected to the slashed one (contract §c.10), else 404 JSON.
 */
export function notFound(routes: () => RouteTable): NotFoundHandler {
  return function notFoundHandler(c) {
    const table = routes();
    const allowed = table.methodsFor(c.req.path);
    if (allowed.length > 0) {
      if (c.req.method === 'OPTIONS') return c.body(null, 204, { Allow: allowed.join(', ') });
      return errorResponse(c, ApiError.methodNotAllowed(c.req.method, allowed));
    }
    if ((c.req.method === 'GET' || c.req.method === 'HEAD') && !c.req.path.endsWith('/')) {
      if (table.methodsFor(`${c.req.path}/`).includes('GET')) {
        const url = new URL(c.req.url);
        return c.redirect(`${url.pathname}/${url.search}`, 301);
      }
    }
    return errorResponse(c, ApiError.notFound());
  };
}
