import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { hashPassword } from '../auth/password';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { createAdminSchema, PUBLIC_ADMIN_SELECT } from './admin-schemas';

export async function createAdmin(db: Db | Tx, actor: AuditActor, input: unknown) {
  const data = createAdminSchema.parse(input);
  const existing = await db.admin.findUnique({ where: { email: data.email }, select: { id: true } });
  if (existing) throw new AppError('conflict', `An administrator with the email ${data.email} already exists.`);
  const admin = await db.admin.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash: await hashPassword(data.password) },
    select: PUBLIC_ADMIN_SELECT,
  });
  await recordAuditEvent(db, {
    actor,
    action: 'admin.create',
    outcome: 'success',
    target: { type: 'admin', id: admin.id, label: admin.email },
    details: { after: { email: admin.email, name: admin.name, role: admin.role } },
  });
  return admin;
}
