import { Receiver } from '@upstash/qstash';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../pipeline/errors/api-error.ts';
import type { SettingsVariables } from '../../pipeline/settings/index.ts';

export type SignedDeliveryVariables = {
  /** The request body exactly as signed — the only copy handlers may parse. */
  signedBody: string;
};

/** Tolerated clock difference between QStash and the worker for the token's nbf/exp. */
const CLOCK_TOLERANCE_SECONDS = 5;

function invalidSignature(text: string): ApiError {
  return new ApiError('AUTH.UNAUTHORIZED', text, { detail: text });
}

/**
 * QStash deliveries carry `Upstash-Signature`: a JWT (HS256, signed with the current signing key,
 * or the next one during a rotation) whose claims bind the destination URL and the SHA-256 of the
 * raw body, and expire after a few minutes. This middleware checks it against the RAW body text
 * before anything parses the body (parsing first would hash re-serialized JSON) and against the URL
 * the message was published to (PUBLIC_BASE_URL + path), so a signature for another destination
 * is refused. Missing, forged, tampered or stale → 401 in the envelope, and nothing else runs.
 */
export function qstashSignature(): MiddlewareHandler<{ Variables: SettingsVariables & SignedDeliveryVariables }> {
  return async function qstashSignatureMiddleware(c, next) {
    const signature = c.req.header('Upstash-Signature');
    if (!signature) throw invalidSignature('Missing Upstash-Signature header.');
    const body = await c.req.text();
    const settings = c.get('settings');
    const receiver = new Receiver({
      currentSigningKey: settings.QSTASH_CURRENT_SIGNING_KEY,
      nextSigningKey: settings.QSTASH_NEXT_SIGNING_KEY,
      devMode: false,
    });
    const url = `${settings.PUBLIC_BASE_URL.replace(/\/+$/, '')}${c.req.path}`;
    try {
      await receiver.verify({ signature, body, url, clockTolerance: CLOCK_TOLERANCE_SECONDS });
    } catch {
      throw invalidSignature('Invalid Upstash-Signature.');
    }
    c.set('signedBody', body);
    await next();
  };
}
