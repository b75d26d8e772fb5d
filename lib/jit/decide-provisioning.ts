/**
 * The pure core of JIT provisioning (PRODUCT.md rules 7-11): from a validated assertion, the JIT
 * configuration and the user found by `identityKey` (or null), decide to create, update or refuse.
 * No I/O; `provisionUser` applies the decision in one transaction.
 *
 * Decisions where the contract leaves a choice:
 * - Values are NFKC-normalised and trimmed (spaces and line breaks only; an invisible edge such as
 *   a BOM is refused in identity attributes, not trimmed). A value empty after that does not count; an
 *   attribute with no values, or only empty ones, is "without a value": ignored (listed in
 *   `ignored`), and missing if required.
 * - userName, ExternalId, domain and email are identity attributes: a second value, or the same
 *   NAME twice in the assertion, is refused (attribute smuggling), as are invisible characters
 *   (controls, zero-width, bidi, fillers) — refused, never stripped. userName is compared exactly
 *   (case preserved, rule 8); domains compare as stored (NFKC, lower-case, no trailing dot, punycode).
 * - userName, ExternalId and domain are part of the contract even if the User Attributes page does
 *   not list them; columns (those, email, firstName, lastName) are single-valued whatever their
 *   definition says.
 * - Other single-valued attributes with several values are refused, not cut to the first: guessing
 *   would silently change group membership (rule 12); the admin sees the reason and can mark the
 *   attribute multi-valued. Multi-valued attributes keep every value in document order, also
 *   across repeated occurrences of the name.
 * - email must be a plausible address (one `@` after NFKC, dot-atom local part, valid domain) in
 *   one of the directory's own domains (not only the user's domain: a directory may own several).
 *   Domains are unique across directories, so no IdP can assert an address another IdP owns —
 *   which keeps rules like `email ends with @acme.test` safe. Never used to link accounts.
 * - The IdP is the source of truth: an attribute absent from a later assertion is removed (its
 *   column set to null). ExternalId is the exception: once a user has one, an assertion without
 *   it is refused (the identity key must not silently fall back to a reusable userName).
 * - A suspended user is refused. A later sign-in with no change is still an `update` (it moves
 *   lastSignInAt and opens a session) with empty `changes`.
 * - The stored attribute map always holds `domain` (asserted or inferred) and the normalised email:
 *   it is what the group evaluator (rule 12, a later issue) will read.
 */
import type { AttributeChange, ExistingUser, JitConfig, ProvisioningDecision, UserAttribute, ValidatedAssertion } from './types';
import { readAssertion } from './read-assertion';
import { refusalMessages } from './refusal-messages';

export function decideProvisioning(assertion: ValidatedAssertion, config: JitConfig, existing: ExistingUser | null): ProvisioningDecision {
  const reading = readAssertion(assertion, config);
  if (!reading.ok) return { kind: 'refuse', reason: reading.reason };
  const { identity } = reading;

  if (existing) {
    // The caller looked the user up by identityKey; check it anyway, the core must not trust I/O.
    if (existing.directoryId !== config.directory.id) return { kind: 'refuse', reason: refusalMessages.userOfAnotherDirectory };
    if (existing.externalId !== null && identity.externalId === null) {
      return { kind: 'refuse', reason: refusalMessages.externalIdDropped(existing.userName) };
    }
    const sameExternalId = existing.externalId !== null && existing.externalId === identity.externalId;
    // Without a shared ExternalId the user must be the one at (domain, userName) — or being adopted
    // there by an assertion that starts carrying an ExternalId.
    const sameName = existing.domainId === identity.domainId && existing.userName === identity.userName;
    if (!sameExternalId && !(existing.externalId === null && sameName)) {
      return { kind: 'refuse', reason: refusalMessages.identityMismatch };
    }
    if (existing.status !== 'active') return { kind: 'refuse', reason: refusalMessages.userSuspended(existing.userName) };
  }

  const before = existing ? storedAttributes(existing, config) : [];
  return {
    kind: existing ? 'update' : 'create',
    user: {
      userName: identity.userName,
      externalId: identity.externalId,
      domainId: identity.domainId,
      email: reading.email,
      firstName: reading.firstName,
      lastName: reading.lastName,
      attributes: reading.attributes,
    },
    changes: diffAttributes(before, reading.attributes),
    ignored: reading.ignored,
  };
}

/** The user's attributes as stored; the columns win over the rows for the attributes they hold. */
function storedAttributes(existing: ExistingUser, config: JitConfig): UserAttribute[] {
  const map = new Map(existing.attributes.map((attribute) => [attribute.name, attribute.values]));
  const column = (name: string, value: string | null) => {
    if (value === null) map.delete(name);
    else map.set(name, [value]);
  };
  column('userName', existing.userName);
  column('ExternalId', existing.externalId);
  column('email', existing.email);
  column('firstName', existing.firstName);
  column('lastName', existing.lastName);
  const domain = config.directory.domains.find((candidate) => candidate.id === existing.domainId);
  if (domain) column('domain', domain.name);
  return [...map].map(([name, values]) => ({ name, values }));
}

/** Attribute → before/after for every attribute whose ordered values differ. */
export function diffAttributes(before: UserAttribute[], after: UserAttribute[]): Record<string, AttributeChange> {
  const old = new Map(before.map((attribute) => [attribute.name, attribute.values]));
  const next = new Map(after.map((attribute) => [attribute.name, attribute.values]));
  // No prototype: an admin-defined attribute named `__proto__` must stay an ordinary key.
  const changes = Object.create(null) as Record<string, AttributeChange>;
  for (const name of new Set([...next.keys(), ...old.keys()])) {
    const was = old.get(name) ?? [];
    const is = next.get(name) ?? [];
    const same = was.length === is.length && was.every((value, index) => value === is[index]);
    if (!same) changes[name] = { before: was, after: is };
  }
  return changes;
}
