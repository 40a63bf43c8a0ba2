import { decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { jwksUrl, type Settings } from '../../env.ts';
import { ApiError } from '../errors/api-error.ts';
import { JwksUnavailableError, signingKey } from './jwks.ts';

export interface Principal {
  sub: string;
  email: string | null;
  /** Auth0 RBAC `permissions` claim (admin endpoints require one). */
  permissions: string[];
}

const MAX_SUB_LENGTH = 255;
const MAX_EMAIL_LENGTH = 254;

const invalid = (text: string) => ApiError.unauthorized(`Invalid token: ${text}`);

/**
 * Verifies an Auth0 access token the way the original meant to (contract §c.4, D1): RS256 only,
 * key by `kid` from the JWKS, issuer and audience exact, leeway from settings. Failure messages are
 * the original's, carried in `detail.detail` of a 401.
 */
export async function verifyAccessToken(token: string, settings: Settings): Promise<Principal> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw invalid('Invalid token header');
  }
  if (typeof header.kid !== 'string' || header.kid === '') throw invalid("Token missing 'kid' in header");

  let key: CryptoKey | null;
  try {
    key = await signingKey(jwksUrl(settings), header.kid);
  } catch (e) {
    if (e instanceof JwksUnavailableError) throw invalid('Unable to verify token signature. Auth0 JWKS unavailable.');
    throw e;
  }
  if (!key) throw invalid(`Public key not found for kid: ${header.kid}`);

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      issuer: settings.AUTH0_ISSUER,
      audience: settings.AUTH0_AUDIENCE,
      clockTolerance: settings.AUTH0_JWT_LEEWAY,
    }));
  } catch (e) {
    throw invalid(verificationMessage(e));
  }
  // PyJWT refuses an `iat` in the future (jose checks it only together with a maximum token age).
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + settings.AUTH0_JWT_LEEWAY) {
    throw invalid('Token validation failed: The token is not yet valid (iat)');
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw ApiError.unauthorized("Token missing 'sub' claim");
  }
  // users.auth0_sub is varchar(255): a longer sub could never be provisioned.
  if (payload.sub.length > MAX_SUB_LENGTH) throw invalid(`Token validation failed: The 'sub' claim is longer than ${MAX_SUB_LENGTH} characters`);
  const permissions = Array.isArray(payload.permissions)
    ? payload.permissions.filter((p): p is string => typeof p === 'string')
    : [];
  // users.email is varchar(254); a longer one is not copied (the claim is optional anyway).
  const email = typeof payload.email === 'string' && payload.email.length <= MAX_EMAIL_LENGTH ? payload.email : null;
  return { sub: payload.sub, email, permissions };
}

/** PyJWT's wording for each failure, as the original's clients saw it. */
function verificationMessage(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'Token has expired';
  if (e instanceof errors.JOSEAlgNotAllowed) return 'Token validation failed: The specified alg value is not allowed';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.reason === 'missing') return `Token validation failed: Token is missing the "${e.claim}" claim`;
    if (e.claim === 'aud') return 'Invalid audience';
    if (e.claim === 'iss') return 'Invalid issuer';
    if (e.claim === 'nbf') return 'Token validation failed: The token is not yet valid (nbf)';
    if (e.claim === 'iat') return 'Token validation failed: Issued At claim (iat) must be an integer.';
    return `Token validation failed: ${e.message}`;
  }
  return 'Token decode error';
}
