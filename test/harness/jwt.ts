/** Hand-made tokens for the forgeries the identity provider would never sign. */

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const encodeJson = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));
const decodeJson = (part: string) => JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;

export function decodeToken(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  return { header: decodeJson(h!), payload: decodeJson(p!) };
}

/** The same payload and signature under another header (the signature no longer matches). */
export function withHeader(token: string, header: Record<string, unknown>): string {
  const [, p, s] = token.split('.');
  return `${encodeJson(header)}.${p}.${s}`;
}

/** A signature with its bytes flipped. */
export function withBadSignature(token: string): string {
  const [h, p, s] = token.split('.');
  const flipped = s!.startsWith('A') ? `B${s!.slice(1)}` : `A${s!.slice(1)}`;
  return `${h}.${p}.${flipped}`;
}

/** `alg: none`, no signature. */
export function unsignedToken(header: Record<string, unknown>, payload: Record<string, unknown>): string {
  return `${encodeJson({ ...header, alg: 'none' })}.${encodeJson(payload)}.`;
}

/** HS256 signed with `secret` (e.g. the RSA public key as text: the classic key-confusion attack). */
export async function hs256Token(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): Promise<string> {
  const input = `${encodeJson({ ...header, alg: 'HS256' })}.${encodeJson(payload)}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(input)));
  return `${input}.${b64url(sig)}`;
}
