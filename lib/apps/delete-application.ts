import type { Db } from '../db';
import { writeTransaction } from '../groups/write-lock';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';

/** Deletes an application; its entitlements go with it (cascade). Deleting a missing one does nothing. */
export async function deleteApplication(db: Db, actor: AuditActor, id: string): Promise<void> {
  await writeTransaction(db, async (tx) => {
    const before = await tx.application.findUnique({
      where: { id },
      include: { entitlements: { select: { group: { select: { name: true } } } } },
    });
    if (!before) return;
    // deleteMany: a concurrent delete of the same application is not an error either.
    const { count } = await tx.application.deleteMany({ where: { id } });
    if (count === 0) return;
    await recordAuditEvent(tx, {
      actor,
      action: 'application.delete',
      outcome: 'success',
      target: { type: 'application', id, label: before.name },
      details: {
        before: {
          name: before.name,
          description: before.description,
          launchUrl: before.launchUrl,
          iconUrl: before.iconUrl,
          groups: before.entitlements.map((e) => e.group.name).sort(),
        },
      },
    });
  });
}
