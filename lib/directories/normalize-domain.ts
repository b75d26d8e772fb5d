import { domainToASCII } from 'node:url';

export type DomainCheck = { ok: true; domain: string } | { ok: false; message: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * A domain as Gatehouse stores it: NFKC-normalised, lower-case, without a trailing dot, in its
 * ASCII (punycode) form, and a valid DNS name of at least two labels. Invisible characters,
 * full-width tricks and addresses are refused rather than guessed at.
 */
export function normalizeDomain(input: string): DomainCheck {
  const raw = input.normalize('NFKC').trim().toLowerCase();
  const shown = input.trim().slice(0, 80) || '(empty)';
  if (!raw) return { ok: false, message: 'Enter a domain, e.g. acme.com.' };
  if (/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/.test(raw)) {
    return { ok: false, message: `"${shown}" contains spaces or invisible characters.` };
  }
  if (raw.includes('@') || raw.includes('/') || raw.includes(':')) {
    return { ok: false, message: `"${shown}" is not a domain: enter just the DNS name, e.g. acme.com.` };
  }
  const withoutDot = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  const ascii = domainToASCII(withoutDot);
  const labels = ascii.split('.');
  const valid =
    ascii.length > 0 &&
    ascii.length <= 253 &&
    labels.length >= 2 &&
    labels.every((label) => LABEL.test(label)) &&
    !/^\d+$/.test(labels[labels.length - 1] ?? '');
  if (!valid) return { ok: false, message: `"${shown}" is not a valid domain name.` };
  return { ok: true, domain: ascii };
}
