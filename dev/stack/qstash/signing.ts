// Upstash-Signature exactly as QStash makes it and @upstash/qstash's Receiver checks it: an HS256 JWT
// keyed with the signing key's UTF-8 bytes, iss "Upstash", sub = destination URL, and
// body = base64url(sha256(raw body)).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

const KEY_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SIGNATURE_TTL_SECONDS = 300;

/** A random key in QStash's `sig_` + 28 base58 characters format. */
export function newSigningKey(): string {
  return `sig_${[...randomBytes(28)].map((b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('')}`;
}

export async function signDelivery(signingKey: string, destination: string, body: Buffer): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ body: createHash('sha256').update(body).digest('base64url') })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('Upstash')
    .setSubject(destination)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + SIGNATURE_TTL_SECONDS)
    .setJti(`jwt_${randomUUID().replaceAll('-', '')}`)
    .sign(new TextEncoder().encode(signingKey));
}
