import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { takeWriteLock } from '../groups/write-lock';
import { PUBLIC_LOCAL_USER_SELECT } from './local-user-schemas';

/** PRODUCT.md rule 14, in the words every refusal uses. */
export function jitUserRefusal(idpName: string | null): AppError {
  return new AppError(
    'forbidden',
    `Users provisioned Just-in-Time by ${idpName ?? 'an identity provider'} are managed by their identity provider. Delete the directory to remove them.`,
  );
}

/**
 * The user a console or API change is about, if it may be changed: a local user. A JIT user is refused (rule 14)
 * before anything is written; `null` when there is no such user (the caller decides whether that is an error).
 */
export async function findLocalUser(db: Db | Tx, userId: string) {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      ...PUBLIC_LOCAL_USER_SELECT,
      directory: { select: { type: true, jitIdp: { select: { name: true } }, idp: { select: { name: true } } } },
    },
  });
  if (!user) return null;
  const { directory, ...rest } = user;
  if (directory.type !== 'local') throw jitUserRefusal((directory.jitIdp ?? directory.idp)?.name ?? null);
  return rest;
}

export async function loadLocalUser(db: Db | Tx, userId: string) {
  const user = await findLocalUser(db, userId);
  if (!user) throw new AppError('not_found', 'No such user.');
  return user;
}

/**
 * Checks that no other local user has this email or user name. Local users have no domain, so no unique index
 * covers them: the check takes the local directory's row lock first (PostgreSQL; SQLite serializes writers with
 * its write lock), so two creates or renames at once run one after the other and the second sees the first.
 */
export async function assertLocalIdentityFree(
  db: Tx,
  postgres: boolean,
  directoryId: string,
  identity: { email?: string; userName?: string },
  exceptUserId?: string,
) {
  if (postgres) await db.$queryRaw`SELECT "id" FROM "Directory" WHERE "id" = ${directoryId} FOR UPDATE`;
  else await takeWriteLock(db, false);
  const not = exceptUserId ? { id: { not: exceptUserId } } : {};
  if (identity.email !== undefined) {
    const taken = await db.user.findFirst({ where: { directoryId, email: identity.email, ...not }, select: { id: true } });
    if (taken) throw new AppError('conflict', `A local user with the email ${identity.email} already exists.`);
  }
  if (identity.userName !== undefined) {
    const taken = await db.user.findFirst({ where: { directoryId, userName: identity.userName, ...not }, select: { id: true } });
    if (taken) throw new AppError('conflict', `A local user with the user name ${identity.userName} already exists.`);
  }
}
