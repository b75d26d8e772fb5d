import { isPostgres, type Db, type Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { isUniqueViolation } from '../directories/domain-conflicts';
import type { MatchMode, Rule } from '../rules/rule-schemas';
import { assertGroupNameFree } from './create-group';
import { describeRule } from './describe-rule';
import { enqueueGroupRecompute } from './enqueue-group-recompute';
import { updateGroupSchema } from './group-schemas';
import { bumpGroupsRevision } from './groups-revision';
import { readStoredRule, ruleColumns, sameRule, toMatchMode, type StoredRuleRow } from './stored-rules';
import { assertRulesUsable } from './validate-group-rules';
import { writeTransaction } from './write-lock';

type GroupState = { name: string; description: string; matchMode: MatchMode; rules: readonly Rule[] };

export type UpdateGroupResult = { id: string; changed: boolean; jobId: string | null };

/**
 * Changes a group's name, description, match mode and/or rules (a given rule list replaces the old one).
 * A change of rules or match mode bumps `rulesVersion` and queues the membership recompute for that version
 * in the same transaction; a recompute still running for an older version then stops at its next batch.
 */
export async function updateGroup(db: Db, actor: AuditActor, groupId: string, input: unknown): Promise<UpdateGroupResult> {
  const data = updateGroupSchema.parse(input);
  const postgres = isPostgres(db);
  try {
    return await writeTransaction(db, async (tx) => {
      if (data.rules) await assertRulesUsable(tx, data.rules, postgres ? { lockFor: 'postgresql' } : {});
      const group = await tx.group.findUnique({
        where: { id: groupId },
        include: { rules: { orderBy: [{ position: 'asc' }, { id: 'asc' }] } },
      });
      if (!group) throw new AppError('not_found', 'No such group.');
      const beforeRules = group.rules.map(readStoredRule);
      const before: GroupState = {
        name: group.name,
        description: group.description,
        matchMode: toMatchMode(group.matchMode),
        rules: beforeRules,
      };
      const after: GroupState = {
        name: data.name ?? before.name,
        description: data.description ?? before.description,
        matchMode: data.matchMode ?? before.matchMode,
        rules: data.rules ?? before.rules,
      };
      const rulesChanged =
        after.rules.length !== before.rules.length || after.rules.some((rule, i) => !sameRule(rule, before.rules[i] as Rule));
      const evaluationChanged = rulesChanged || after.matchMode !== before.matchMode;
      const fields = (['name', 'description', 'matchMode'] as const).filter((field) => after[field] !== before[field]);
      if (fields.length === 0 && !rulesChanged) return { id: groupId, changed: false, jobId: null };

      if (after.name !== before.name) await assertGroupNameFree(tx, after.name, groupId);
      // The group's row first: a recompute batch holding it (see recompute-group-memberships.ts) is waited for
      // before any rule row is touched, so the two never wait for each other.
      const updated = await tx.group.update({
        where: { id: groupId },
        data: {
          name: after.name,
          description: after.description,
          matchMode: after.matchMode,
          ...(evaluationChanged ? { rulesVersion: { increment: 1 } } : {}),
        },
        select: { rulesVersion: true },
      });
      if (rulesChanged) await replaceRules(tx, groupId, group.rules, after.rules);
      await bumpGroupsRevision(tx);
      const job = evaluationChanged ? await enqueueGroupRecompute(tx, { groupId, rulesVersion: updated.rulesVersion }) : null;

      const changedFields = [...fields, ...(rulesChanged ? (['rules'] as const) : [])];
      const shown = (state: GroupState) =>
        Object.fromEntries(changedFields.map((field) => [field, field === 'rules' ? state.rules.map(describeRule) : state[field]]));
      await recordAuditEvent(tx, {
        actor,
        action: 'group.update',
        outcome: 'success',
        target: { type: 'group', id: groupId, label: after.name },
        details: { before: shown(before), after: shown(after), ...(evaluationChanged ? { rulesVersion: updated.rulesVersion } : {}) },
      });
      return { id: groupId, changed: true, jobId: job?.id ?? null };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', `A group named "${data.name ?? ''}" already exists.`);
    throw error;
  }
}

/**
 * Writes the new rule list over the old rows. A rule that stays the same keeps its row (and id), so members
 * it placed keep their reason; changed rules are written over the remaining rows before any row is deleted
 * or created. Deleting a rule row is the expensive case (memberships that point at it are set to null),
 * and a sign-in that read the rules just before this change may still insert memberships naming a row.
 */
async function replaceRules(tx: Tx, groupId: string, rows: StoredRuleRow[], rules: readonly Rule[]): Promise<void> {
  const unclaimed = [...rows];
  const claimed: (StoredRuleRow | undefined)[] = rules.map((rule) => {
    const index = unclaimed.findIndex((row) => sameRule(readStoredRule(row), rule));
    return index === -1 ? undefined : unclaimed.splice(index, 1)[0];
  });
  for (const [position, rule] of rules.entries()) {
    const row = claimed[position] ?? unclaimed.shift();
    if (row) {
      await tx.groupRule.update({ where: { id: row.id }, data: ruleColumns(rule, position) });
    } else {
      await tx.groupRule.create({ data: { groupId, ...ruleColumns(rule, position) } });
    }
  }
  if (unclaimed.length > 0) await tx.groupRule.deleteMany({ where: { id: { in: unclaimed.map((row) => row.id) } } });
}
