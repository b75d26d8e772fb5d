import type { Db } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { findLocalUser } from './load-local-user';
import { writeTransaction } from '../groups/write-lock';

/**
 * Deletes a local user with its memberships, sessions and password links (cascades). A JIT user is refused
 * (PRODUCT.md rule 14: delete its directory instead). Idempotent: no such user is not an error.
 */
export async function deleteLocalUser(db: Db, actor: AuditActor, userId: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const user = await findLocalUser(tx, userId);
    if (!user) return;
    await tx.user.delete({ where: { id: userId } });
    await recordAuditEvent(tx, {
      actor,
      action: 'user.delete',
      outcome: 'success',
      target: { type: 'user', id: userId, label: user.userName },
      details: { before: { userName: user.userName, email: user.email } },
    });
  });
}
