import { isPostgres, type Db, type Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { assertLocalIdentityFree } from './load-local-user';
import { createLocalUserSchema, LOCAL_DIRECTORY_NAME, PUBLIC_LOCAL_USER_SELECT } from './local-user-schemas';

/**
 * The local directory: the oldest one of type local, else "Local users" created now, linked to the built-in IdP.
 * Two first uses at once: the directory name is unique, the loser reads the winner's.
 */
export async function ensureLocalDirectory(db: Db | Tx): Promise<{ id: string; name: string }> {
  const existing = await db.directory.findFirst({
    where: { type: 'local' },
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true },
  });
  if (existing) return existing;
  const taken = await db.directory.findUnique({ where: { name: LOCAL_DIRECTORY_NAME }, select: { type: true } });
  if (taken) throw new AppError('conflict', `A directory named ${LOCAL_DIRECTORY_NAME} already exists and is not a local directory.`);
  const builtin = await db.identityProvider.findFirst({ where: { type: 'builtin' }, select: { id: true } });
  try {
    return await db.directory.create({
      data: { name: LOCAL_DIRECTORY_NAME, type: 'local', idpId: builtin?.id ?? null },
      select: { id: true, name: true },
    });
  } catch (error) {
    const again = await db.directory.findFirst({
      where: { type: 'local' },
      orderBy: { createdAt: 'asc' },
      select: { id: true, name: true },
    });
    if (again) return again;
    throw error;
  }
}

/** Creates a local user (no password yet: the admin sends a one-time link, see createPasswordSetupLink). */
export async function createLocalUser(db: Db, actor: AuditActor, input: unknown) {
  const data = createLocalUserSchema.parse(input);
  const userName = data.userName ?? data.email;
  const directory = await ensureLocalDirectory(db);
  return db.$transaction(async (tx) => {
    await assertLocalIdentityFree(tx, isPostgres(db), directory.id, { email: data.email, userName });
    const user = await tx.user.create({
      data: {
        directoryId: directory.id,
        userName,
        email: data.email,
        firstName: data.firstName ?? null,
        lastName: data.lastName ?? null,
      },
      select: PUBLIC_LOCAL_USER_SELECT,
    });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.create',
      outcome: 'success',
      target: { type: 'user', id: user.id, label: user.userName },
      details: { directory: directory.name, after: { userName, email: user.email, firstName: user.firstName, lastName: user.lastName } },
    });
    return user;
  });
}
