import type { Db } from '../db';
import { writeTransaction } from '../groups/write-lock';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { updateApplicationSchema } from './app-schemas';
import { isUniqueViolation } from '../directories/domain-conflicts';
import { assertApplicationNameFree } from './application-name';

const FIELDS = ['name', 'description', 'launchUrl', 'iconUrl'] as const;

/** Changes any of name, description, launch URL and icon; fields left out stay as they are. */
export async function updateApplication(db: Db, actor: AuditActor, id: string, input: unknown): Promise<void> {
  const data = updateApplicationSchema.parse(input);
  try {
    await writeTransaction(db, async (tx) => {
      const before = await tx.application.findUnique({ where: { id } });
      if (!before) throw new AppError('not_found', 'No such application.');
      if (data.name !== undefined) await assertApplicationNameFree(tx, data.name, id);
      const changed = FIELDS.filter((field) => data[field] !== undefined && data[field] !== before[field]);
      if (changed.length === 0) return;
      const after = await tx.application.update({ where: { id }, data });
      await recordAuditEvent(tx, {
        actor,
        action: 'application.update',
        outcome: 'success',
        target: { type: 'application', id, label: after.name },
        details: {
          before: Object.fromEntries(changed.map((field) => [field, before[field]])),
          after: Object.fromEntries(changed.map((field) => [field, after[field]])),
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error) && data.name !== undefined) await assertApplicationNameFree(db, data.name, id);
    throw error;
  }
}
