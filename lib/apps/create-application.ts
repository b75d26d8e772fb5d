import type { Db } from '../db';
import { writeTransaction } from '../groups/write-lock';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { createApplicationSchema } from './app-schemas';
import { isUniqueViolation } from '../directories/domain-conflicts';
import { assertApplicationNameFree } from './application-name';

export async function createApplication(db: Db, actor: AuditActor, input: unknown): Promise<{ id: string }> {
  const data = createApplicationSchema.parse(input);
  try {
    return await writeTransaction(db, async (tx) => {
      await assertApplicationNameFree(tx, data.name);
      const created = await tx.application.create({ data, select: { id: true } });
      await recordAuditEvent(tx, {
        actor,
        action: 'application.create',
        outcome: 'success',
        target: { type: 'application', id: created.id, label: data.name },
        details: { after: data },
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) await assertApplicationNameFree(db, data.name);
    throw error;
  }
}
