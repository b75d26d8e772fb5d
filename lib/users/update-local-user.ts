import { isPostgres, type Db } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { assertLocalIdentityFree, loadLocalUser } from './load-local-user';
import { PUBLIC_LOCAL_USER_SELECT, updateLocalUserSchema } from './local-user-schemas';

const FIELDS = ['userName', 'email', 'firstName', 'lastName', 'status'] as const;

/** Edits a local user; a JIT user is refused (PRODUCT.md rule 14). Suspending ends the user's sessions. */
export async function updateLocalUser(db: Db, actor: AuditActor, userId: string, input: unknown) {
  const before = await loadLocalUser(db, userId);
  const data = updateLocalUserSchema.parse(input);
  const changes: Record<string, string | null> = {};
  for (const field of FIELDS) {
    const value = data[field];
    if (value !== undefined && value !== before[field]) changes[field] = value;
  }
  if (Object.keys(changes).length === 0) return before;
  return db.$transaction(async (tx) => {
    await assertLocalIdentityFree(
      tx,
      isPostgres(db),
      before.directoryId,
      {
        email: changes.email === undefined || changes.email === null ? undefined : changes.email,
        userName: changes.userName === undefined || changes.userName === null ? undefined : changes.userName,
      },
      userId,
    );
    await loadLocalUser(tx, userId);
    const after = await tx.user.update({ where: { id: userId }, data: changes, select: PUBLIC_LOCAL_USER_SELECT });
    if (changes.status === 'suspended') await tx.userSession.deleteMany({ where: { userId } });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.update',
      outcome: 'success',
      target: { type: 'user', id: userId, label: after.userName },
      details: {
        before: Object.fromEntries(Object.keys(changes).map((field) => [field, before[field as keyof typeof before]])),
        after: changes,
      },
    });
    return after;
  });
}
