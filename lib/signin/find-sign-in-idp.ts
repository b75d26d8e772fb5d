import type { Db } from '../db';
import { normalizeDomain } from '../directories/normalize-domain';

export type SignInTarget =
  | { ok: true; domain: string; idp: { id: string; name: string; samlClientId: string | null }; directory: { id: string; name: string } }
  | { ok: false; message: string };

/** The domain part of what the user typed: an email address or a bare domain. */
function domainOf(input: string): string {
  const value = input.normalize('NFKC').trim();
  const at = value.lastIndexOf('@');
  return at >= 0 ? value.slice(at + 1) : value;
}

/**
 * Rule 5: the domain decides the IdP — the one whose JIT directory owns it. Every other case gets a
 * message the person at the login page can act on.
 */
export async function findSignInIdp(db: Db, emailOrDomain: string): Promise<SignInTarget> {
  if (!emailOrDomain.trim()) return { ok: false, message: 'Enter your work email address.' };
  const check = normalizeDomain(domainOf(emailOrDomain));
  if (!check.ok) return { ok: false, message: 'Enter your work email address, e.g. name@company.com.' };
  const domain = await db.domain.findUnique({
    where: { name: check.domain },
    select: {
      directory: {
        select: {
          id: true,
          name: true,
          type: true,
          deletingAt: true,
          jitIdp: { select: { id: true, name: true, enabled: true, type: true, jitEnabled: true, samlClientId: true } },
        },
      },
    },
  });
  const idp = domain?.directory.jitIdp;
  if (!domain || !idp || domain.directory.type !== 'jit' || idp.type !== 'saml') {
    return { ok: false, message: `Single sign-on is not set up for ${check.domain}. Check the address, or ask your administrator.` };
  }
  if (domain.directory.deletingAt) {
    return { ok: false, message: `Sign-in through ${idp.name} is unavailable: its directory is being deleted. Ask your administrator.` };
  }
  if (!idp.enabled) return { ok: false, message: `Sign-in through ${idp.name} is turned off. Ask your administrator.` };
  if (!idp.jitEnabled || !idp.samlClientId) {
    return { ok: false, message: `Sign-in through ${idp.name} is not available right now. Ask your administrator.` };
  }
  return {
    ok: true,
    domain: check.domain,
    idp: { id: idp.id, name: idp.name, samlClientId: idp.samlClientId },
    directory: { id: domain.directory.id, name: domain.directory.name },
  };
}
