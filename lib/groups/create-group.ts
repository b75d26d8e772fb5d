import { isPostgres, type Db, type Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { isUniqueViolation } from '../directories/domain-conflicts';
import { describeRule } from './describe-rule';
import { createGroupSchema } from './group-schemas';
import { bumpGroupsRevision } from './groups-revision';
import { enqueueGroupRecompute } from './enqueue-group-recompute';
import { ruleColumns } from './stored-rules';
import { assertRulesUsable } from './validate-group-rules';
import { writeTransaction } from './write-lock';

export async function assertGroupNameFree(db: Db | Tx, name: string, exceptGroupId?: string): Promise<void> {
  const owner = await db.group.findUnique({ where: { name }, select: { id: true } });
  if (owner && owner.id !== exceptGroupId) throw new AppError('conflict', `A group named "${name}" already exists.`);
}

/**
 * Creates a group with its rules (rule 12). Its members are whoever already matches: a recompute job is
 * queued in the same transaction, and the groups revision moves so that sign-ins see the new group.
 */
export async function createGroup(db: Db, actor: AuditActor, input: unknown): Promise<{ id: string; jobId: string }> {
  const data = createGroupSchema.parse(input);
  const postgres = isPostgres(db);
  try {
    return await writeTransaction(db, async (tx) => {
      await assertRulesUsable(tx, data.rules, postgres ? { lockFor: 'postgresql' } : {});
      await assertGroupNameFree(tx, data.name);
      const group = await tx.group.create({
        data: {
          name: data.name,
          description: data.description,
          matchMode: data.matchMode,
          rules: { create: data.rules.map((rule, position) => ruleColumns(rule, position)) },
        },
        select: { id: true, rulesVersion: true },
      });
      await bumpGroupsRevision(tx);
      const job = await enqueueGroupRecompute(tx, { groupId: group.id, rulesVersion: group.rulesVersion });
      await recordAuditEvent(tx, {
        actor,
        action: 'group.create',
        outcome: 'success',
        target: { type: 'group', id: group.id, label: data.name },
        details: {
          after: { name: data.name, description: data.description, matchMode: data.matchMode, rules: data.rules.map(describeRule) },
        },
      });
      return { id: group.id, jobId: job.id };
    });
  } catch (error) {
    // Two admins creating the same name at once: the unique index decides, the loser reads as a conflict.
    if (isUniqueViolation(error)) throw new AppError('conflict', `A group named "${data.name}" already exists.`);
    throw error;
  }
}
