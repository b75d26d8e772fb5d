import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A short text that travels through the browser (a URL parameter or a cookie) and comes back
 * unchanged: base64url text plus an HMAC with the server secret, separate per purpose. Not secret,
 * only tamper-proof — nobody can craft a login message or a pending-login cookie.
 */
export function sealValue(secret: string, purpose: string, text: string): string {
  const body = Buffer.from(text.slice(0, 500), 'utf8').toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

export function openSealedValue(secret: string, purpose: string, sealed: string | undefined | null): string | null {
  if (!sealed || sealed.length > 1200) return null;
  const [body, tag, extra] = sealed.split('.');
  if (!body || !tag || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, purpose, body));
  const given = Buffer.from(tag);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return Buffer.from(body, 'base64url').toString('utf8');
}

function mac(secret: string, purpose: string, body: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${body}`).digest('base64url');
}
