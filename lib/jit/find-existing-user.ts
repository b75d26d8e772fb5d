import type { Tx } from '../db';
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
  const holderOfName = () =>
    tx.user.findFirst({
      where: { domainId: identity.domainId, userName: identity.userName },
      select: { id: true, externalId: true },
    });

  let userId: string | null = null;
  if (key.by === 'externalId') {
    const byExternalId = await tx.user.findFirst({
      where: { directoryId: key.directoryId, externalId: key.externalId },
      select: { id: true, domainId: true, userName: true },
    });
    const holder =
      byExternalId && byExternalId.domainId === identity.domainId && byExternalId.userName === identity.userName
        ? null
        : await holderOfName();
    if (byExternalId) {
      if (holder && holder.id !== byExternalId.id) {
        return { kind: 'refuse', reason: refusalMessages.userNameTaken(identity.userName, identity.domainName) };
      }
      userId = byExternalId.id;
    } else if (holder) {
      // Same ExternalId: a concurrent first sign-in committed between the two reads (read committed).
      if (holder.externalId !== null && holder.externalId !== key.externalId) {
        return { kind: 'refuse', reason: refusalMessages.userNameTaken(identity.userName, identity.domainName) };
      }
      userId = holder.id;
    }
  } else {
    userId = (await holderOfName())?.id ?? null;
  }
  if (userId === null) return { kind: 'none' };

  await tx.user.update({ where: { id: userId }, data: { lastSignInAt: now }, select: { id: true } });
  const row = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
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
    },
  });
  const attributes: UserAttribute[] = [];
  for (const { name, value } of row.attributes) {
    const last = attributes[attributes.length - 1];
    if (last && last.name === name) last.values.push(value);
    else attributes.push({ name, values: [value] });
  }
  return { kind: 'found', user: { ...row, attributes } };
}
