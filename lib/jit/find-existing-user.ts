import type { Tx } from '../db';
import { Prisma } from '../generated/prisma-sqlite/client.ts';
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
      ? { directoryId: key.directoryId, externalId: key.externalId }
      : { domainId: identity.domainId, userName: identity.userName },
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

type UserKey = { directoryId: string; externalId: string } | { domainId: string; userName: string } | { id: string };

type UserRow = Omit<ExistingUser, 'attributes' | 'memberships'>;
type DetailRow = { kind: string; name: string; value: string | null; position: number | bigint };

/**
 * Writes lastSignInAt (which locks the row until the transaction ends) and reads the user with their attribute
 * values and memberships; null if absent. Two raw statements: this runs at every returning sign-in, and the model
 * API needs four for it.
 */
async function lockAndRead(tx: Tx, key: UserKey, now: Date): Promise<ExistingUser | null> {
  const where =
    'id' in key
      ? Prisma.sql`"id" = ${key.id}`
      : 'externalId' in key
        ? Prisma.sql`"directoryId" = ${key.directoryId} AND "externalId" = ${key.externalId}`
        : Prisma.sql`"domainId" = ${key.domainId} AND "userName" = ${key.userName}`;
  const [row] = await tx.$queryRaw<UserRow[]>`
    UPDATE "User" SET "lastSignInAt" = ${now}, "updatedAt" = ${now} WHERE ${where}
    RETURNING "id", "directoryId", "domainId", "userName", "externalId", "email", "firstName", "lastName", "status"`;
  if (!row) return null;
  const details = await tx.$queryRaw<DetailRow[]>`
    SELECT 'a' AS "kind", "name", "value", "position" FROM "UserAttributeValue" WHERE "userId" = ${row.id}
    UNION ALL
    SELECT 'm' AS "kind", "groupId" AS "name", "ruleId" AS "value", 0 AS "position" FROM "GroupMembership" WHERE "userId" = ${row.id}`;
  const values = details
    .filter((detail) => detail.kind === 'a')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Number(a.position) - Number(b.position)));
  const attributes: UserAttribute[] = [];
  for (const { name, value } of values) {
    const last = attributes[attributes.length - 1];
    if (last && last.name === name) last.values.push(value ?? '');
    else attributes.push({ name, values: [value ?? ''] });
  }
  const memberships = details.filter((detail) => detail.kind === 'm').map((detail) => ({ groupId: detail.name, ruleId: detail.value }));
  return { ...row, attributes, memberships };
}
