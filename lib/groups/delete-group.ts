import type { Db } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { describeRule } from './describe-rule';
import { bumpGroupsRevision } from './groups-revision';
import { readStoredRule, toMatchMode } from './stored-rules';
import { writeTransaction } from './write-lock';

/**
 * Deletes a group with its rules, memberships and entitlements. Idempotent: deleting a group that is not
 * there does nothing. A recompute job still queued for it finds the group gone and ends.
 */
export async function deleteGroup(db: Db, actor: AuditActor, groupId: string): Promise<void> {
  await writeTransaction(
    db,
    async (tx) => {
      const group = await tx.group.findUnique({
        where: { id: groupId },
        include: { rules: { orderBy: [{ position: 'asc' }, { id: 'asc' }] }, _count: { select: { memberships: true } } },
      });
      if (!group) return;
      // A recompute still running for the group stops at its next batch (its version moved on).
      await tx.group.update({ where: { id: groupId }, data: { rulesVersion: { increment: 1 } }, select: { id: true } });
      // Memberships first, by their (groupId, userId) index: deleting the rules then finds no membership to unlink.
      await tx.groupMembership.deleteMany({ where: { groupId } });
      await tx.group.delete({ where: { id: groupId } });
      await bumpGroupsRevision(tx);
      await recordAuditEvent(tx, {
        actor,
        action: 'group.delete',
        outcome: 'success',
        target: { type: 'group', id: groupId, label: group.name },
        details: {
          before: {
            name: group.name,
            description: group.description,
            matchMode: toMatchMode(group.matchMode),
            rules: group.rules.map((row) => describeRule(readStoredRule(row))),
          },
          membersRemoved: group._count.memberships,
        },
      });
    },
    { maxWait: 20_000, timeout: 120_000 },
  );
}
