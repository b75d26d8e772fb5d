import { canonicalDomain } from './resolve-domain';

export type EmailCheck = { ok: true; email: string; domain: string } | { ok: false };

/** Dot-atom local part (letters of any script allowed); no quoted local parts, comments or spaces. */
const LOCAL_PART = /^[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;

/**
 * A plausible address from an already NFKC-normalised, invisible-free value: exactly one `@`
 * (so a full-width `＠` that NFKC turned into a second `@` is refused), a dot-atom local part and
 * a valid domain, stored lower-case in ASCII. The local part keeps its case (it is the mailbox's).
 */
export function normalizeEmail(value: string): EmailCheck {
  const parts = value.split('@');
  if (parts.length !== 2) return { ok: false };
  const [local = '', domainPart = ''] = parts;
  if (local.length === 0 || local.length > 64 || !LOCAL_PART.test(local)) return { ok: false };
  const domain = canonicalDomain(domainPart);
  if (domain === null) return { ok: false };
  const email = `${local}@${domain}`;
  return email.length > 254 ? { ok: false } : { ok: true, email, domain };
}
