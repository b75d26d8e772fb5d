import type { Tx } from '../db';
import { evaluateCompiledGroups, type CompiledGroups } from '../rules/compile-group-rules';
import type { AttributeValues, GroupMatch } from '../rules/rule-schemas';

export type Membership = { groupId: string; ruleId: string | null };

export type MembershipDiff = {
  added: GroupMatch[];
  removed: string[];
  /** Still a member, placed by another rule now. */
  reasonChanged: GroupMatch[];
};

/** What must change so that a user's memberships are exactly the groups whose rules hold (pure). */
export function diffMemberships(current: readonly Membership[], matches: readonly GroupMatch[]): MembershipDiff {
  const now = new Map(current.map((membership) => [membership.groupId, membership.ruleId]));
  const matched = new Set<string>();
  const diff: MembershipDiff = { added: [], removed: [], reasonChanged: [] };
  for (const match of matches) {
    matched.add(match.groupId);
    if (!now.has(match.groupId)) diff.added.push(match);
    else if (now.get(match.groupId) !== match.ruleId) diff.reasonChanged.push(match);
  }
  for (const { groupId } of current) if (!matched.has(groupId)) diff.removed.push(groupId);
  return diff;
}

/**
 * Rule 12 at sign-in: recomputes the user's memberships from their final attributes, inside the provisioning
 * transaction, and writes only the difference (most sign-ins write nothing here). Returns the difference.
 */
export async function syncUserMemberships(
  tx: Tx,
  userId: string,
  attributes: AttributeValues,
  groups: CompiledGroups,
  current: readonly Membership[],
): Promise<MembershipDiff> {
  const diff = diffMemberships(current, evaluateCompiledGroups(groups, attributes));
  if (diff.removed.length > 0) await tx.groupMembership.deleteMany({ where: { userId, groupId: { in: diff.removed } } });
  if (diff.added.length > 0) {
    await tx.groupMembership.createMany({ data: diff.added.map((match) => ({ userId, groupId: match.groupId, ruleId: match.ruleId })) });
  }
  for (const match of diff.reasonChanged) {
    await tx.groupMembership.update({ where: { userId_groupId: { userId, groupId: match.groupId } }, data: { ruleId: match.ruleId } });
  }
  return diff;
}
