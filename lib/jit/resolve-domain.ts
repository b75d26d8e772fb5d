import { normalizeDomain } from '../directories/normalize-domain';
import type { JitConfig } from './types';
import { refusalMessages } from './refusal-messages';

export type DomainResolution = { ok: true; domain: { id: string; name: string } } | { ok: false; reason: string };

/** A domain compared as Gatehouse stores it: NFKC, lower-case, no trailing dot, ASCII (punycode). */
export function canonicalDomain(name: string): string | null {
  const check = normalizeDomain(name);
  return check.ok ? check.domain : null;
}

/**
 * Rule 9: the user's domain is one of the directory's own domains — asserted (required when the
 * directory has several), or inferred when it has exactly one. So an IdP can never place a user
 * in a domain its directory does not own.
 */
export function resolveDomain(asserted: string | undefined, directory: JitConfig['directory']): DomainResolution {
  if (asserted === undefined) {
    const only = directory.domains.length === 1 ? directory.domains[0] : undefined;
    return only ? { ok: true, domain: only } : { ok: false, reason: refusalMessages.domainMissing };
  }
  const wanted = canonicalDomain(asserted);
  if (wanted === null) return { ok: false, reason: refusalMessages.domainNotInDirectory(asserted, directory.name) };
  const owned = directory.domains.find((domain) => (canonicalDomain(domain.name) ?? domain.name) === wanted);
  return owned ? { ok: true, domain: owned } : { ok: false, reason: refusalMessages.domainNotInDirectory(wanted, directory.name) };
}
