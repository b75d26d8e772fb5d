import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { PUBLIC_ADMIN_SELECT, updateAdminSchema } from './admin-schemas';
import { writeTransaction } from '../groups/write-lock';

export function listAdmins(db: Db) {
  return db.admin.findMany({ select: PUBLIC_ADMIN_SELECT, orderBy: { email: 'asc' } });
}

async function assertNotLastSuperAdmin(db: Db, adminId: string, what: string) {
  const others = await db.admin.count({ where: { role: 'super_admin', id: { not: adminId } } });
  if (others === 0) throw new AppError('conflict', `${what}: Gatehouse needs at least one super admin.`);
}

export async function updateAdminRole(db: Db, actor: AuditActor, adminId: string, input: unknown) {
  const { role } = updateAdminSchema.parse(input);
  const before = await db.admin.findUnique({ where: { id: adminId }, select: PUBLIC_ADMIN_SELECT });
  if (!before) throw new AppError('not_found', 'No such administrator.');
  if (before.role === role) return before;
  if (before.role === 'super_admin') await assertNotLastSuperAdmin(db, adminId, 'Cannot change the role of the last super admin');
  const after = await db.admin.update({ where: { id: adminId }, data: { role }, select: PUBLIC_ADMIN_SELECT });
  await recordAuditEvent(db, {
    actor,
    action: 'admin.update',
    outcome: 'success',
    target: { type: 'admin', id: adminId, label: after.email },
    details: { before: { role: before.role }, after: { role } },
  });
  return after;
}

export async function deleteAdmin(db: Db, actor: AuditActor, adminId: string) {
  if (actor.type === 'admin' && actor.id === adminId) throw new AppError('conflict', 'You cannot delete your own account.');
  const admin = await db.admin.findUnique({ where: { id: adminId }, select: PUBLIC_ADMIN_SELECT });
  if (!admin) return; // DELETE is idempotent
  if (admin.role === 'super_admin') await assertNotLastSuperAdmin(db, adminId, 'Cannot delete the last super admin');
  await writeTransaction(db, async (tx) => {
    // A token can do no more than the admin who created it: theirs stop with them.
    const { count: tokensRevoked } = await tx.apiToken.updateMany({
      where: { createdById: adminId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await tx.admin.delete({ where: { id: adminId } });
    await recordAuditEvent(tx, {
      actor,
      action: 'admin.delete',
      outcome: 'success',
      target: { type: 'admin', id: adminId, label: admin.email },
      details: { before: { email: admin.email, role: admin.role }, tokensRevoked },
    });
  });
}
