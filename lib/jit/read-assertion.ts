import type { AssertedIdentity, JitConfig, UserAttribute, ValidatedAssertion } from './types';
import { collectAttributes } from './collect-attributes';
import { normalizeEmail } from './normalize-email';
import { canonicalDomain, resolveDomain } from './resolve-domain';
import { refusalMessages } from './refusal-messages';

export type AssertionReading =
  | {
      ok: true;
      identity: AssertedIdentity;
      email: string | null;
      firstName: string | null;
      lastName: string | null;
      /** Definition order; `domain` always present (asserted or inferred), `email` normalised. */
      attributes: UserAttribute[];
      ignored: string[];
    }
  | { ok: false; reason: string };

/**
 * Everything the assertion alone decides (rules 7-10), before any user is looked up: the used
 * attributes, the user's domain, its identity and its email.
 */
export function readAssertion(assertion: ValidatedAssertion, config: JitConfig): AssertionReading {
  const collected = collectAttributes(assertion.attributes, config.attributeDefinitions);
  if (!collected.ok) return collected;
  const first = (name: string) => collected.values.get(name)?.[0] ?? null;

  const resolved = resolveDomain(first('domain') ?? undefined, config.directory);
  if (!resolved.ok) return resolved;

  const assertedEmail = first('email');
  let email: string | null = null;
  if (assertedEmail !== null) {
    const check = normalizeEmail(assertedEmail);
    if (!check.ok) return { ok: false, reason: refusalMessages.emailInvalid(assertedEmail) };
    // Only the directory's own domains: a group rule such as `email ends with @acme.test` must not
    // be satisfiable by another IdP's users (cross-IdP takeover by attribute).
    const owned = config.directory.domains.some((domain) => (canonicalDomain(domain.name) ?? domain.name) === check.domain);
    if (!owned) return { ok: false, reason: refusalMessages.emailNotInDirectory(check.email, config.directory.name) };
    email = check.email;
  }

  const userName = first('userName');
  // collectAttributes refuses a missing userName; this keeps the types honest.
  if (userName === null) return { ok: false, reason: refusalMessages.attributeMissing('userName') };

  const attributes: UserAttribute[] = [];
  for (const definition of collected.definitions) {
    if (definition.name === 'domain') {
      attributes.push({ name: 'domain', values: [resolved.domain.name] });
      continue;
    }
    const values = collected.values.get(definition.name);
    if (!values) continue;
    attributes.push({ name: definition.name, values: definition.name === 'email' && email !== null ? [email] : values });
  }

  return {
    ok: true,
    identity: {
      directoryId: config.directory.id,
      domainId: resolved.domain.id,
      domainName: resolved.domain.name,
      userName,
      externalId: first('ExternalId'),
    },
    email,
    firstName: first('firstName'),
    lastName: first('lastName'),
    attributes,
    ignored: collected.ignored,
  };
}
