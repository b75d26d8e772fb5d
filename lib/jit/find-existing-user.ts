import type { Tx } from '../db';
import type { Prisma } from '../generated/prisma-sqlite/client.ts';
import type { AssertedIdentity, ExistingUser, UserAttribute } from './types';
import { identityKey } from './identity-key';
import { refusalMessages } from './refusal-messages';

export type ExistingUserLookup = { kind: 'found'; user: ExistingUser } | { kind: 'none' } | { kind: 'refuse'; reason: string };

/**
 * Finds the user an assertion speaks for (rule 10), within the IdP's own directory only, and
 * refuses the cases the unique constraints would otherwise turn into errors:
 * - ExternalId unknown but its userName held in the domain by a user without ExternalId: that
 *   user is adopted (the IdP started sending ExternalId); by a user with another ExternalId: refused
 *   (a reused userName must not inherit the old account);
 * - a renamed user whose new userName another user of the domain holds: refused.
 * A found user's row is written first (lastSignInAt) to take its lock, so concurrent sign-ins of
 * one person apply one after another and each reads the other's result; the caller's transaction
 * must roll back on refusal.
 */
export async function findExistingUser(tx: Tx, identity: AssertedIdentity, now: Date): Promise<ExistingUserLookup> {
  const key = identityKey(identity);
  // Fast path, most sign-ins: the user exists under the asserted key, not renamed. One write finds it by its
  // unique key, takes its lock and returns it.
  const fast = await lockAndRead(
    tx,
    key.by === 'externalId'
      ? { directoryId_externalId: { directoryId: key.directoryId, externalId: key.externalId } }
      : { domainId_userName: { domainId: identity.domainId, userName: identity.userName } },
    now,
  );
  if (fast && fast.domainId === identity.domainId && fast.userName === identity.userName) return { kind: 'found', user: fast };
  // Keyed by userName, the fast path was the whole lookup.
  if (key.by !== 'externalId') return fast ? { kind: 'found', user: fast } : { kind: 'none' };

  // Keyed by ExternalId: either a rename (found, with another userName) or not found by ExternalId; who holds the
  // asserted userName in the domain decides.
  const holder = await tx.user.findFirst({
    where: { domainId: identity.domainId, userName: identity.userName },
    select: { id: true, externalId: true },
  });
  if (fast) {
    if (holder && holder.id !== fast.id) {
      return { kind: 'refuse', reason: refusalMessages.userNameTaken(identity.userName, identity.domainName) };
    }
    return { kind: 'found', user: fast };
  }
  let userId: string | null = null;
  if (holder) {
    // Same ExternalId: a concurrent first sign-in committed between the two reads (read committed).
    if (holder.externalId !== null && holder.externalId !== key.externalId) {
      return { kind: 'refuse', reason: refusalMessages.userNameTaken(identity.userName, identity.domainName) };
    }
    userId = holder.id;
  }
  if (userId === null) return { kind: 'none' };

  const user = await lockAndRead(tx, { id: userId }, now);
  return user ? { kind: 'found', user } : { kind: 'none' };
}

const USER_SELECT = {
  id: true,
  directoryId: true,
  domainId: true,
  userName: true,
  externalId: true,
  email: true,
  firstName: true,
  lastName: true,
  status: true,
  attributes: { select: { name: true, value: true }, orderBy: [{ name: 'asc' }, { position: 'asc' }] },
  memberships: { select: { groupId: true, ruleId: true } },
} satisfies Prisma.UserSelect;

/** Writes lastSignInAt (which locks the row until the transaction ends) and reads the user; null if absent. */
async function lockAndRead(tx: Tx, where: Prisma.UserWhereUniqueInput, now: Date): Promise<ExistingUser | null> {
  let row;
  try {
    row = await tx.user.update({ where, data: { lastSignInAt: now }, select: USER_SELECT });
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
  const attributes: UserAttribute[] = [];
  for (const { name, value } of row.attributes) {
    const last = attributes[attributes.length - 1];
    if (last && last.name === name) last.values.push(value);
    else attributes.push({ name, values: [value] });
  }
  return { ...row, attributes };
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2025';
}
