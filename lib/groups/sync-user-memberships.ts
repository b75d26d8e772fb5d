import type { Tx } from '../db';
import { Prisma } from '../generated/prisma-sqlite/client.ts';
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
  // Raw SQL: this runs at every sign-in whose groups changed (the model API costs about twice the CPU).
  if (diff.removed.length > 0) {
    await tx.$executeRaw`DELETE FROM "GroupMembership" WHERE "userId" = ${userId} AND "groupId" IN (${Prisma.join(diff.removed)})`;
  }
  if (diff.added.length > 0) {
    const now = new Date();
    const rows = diff.added.map((match) => Prisma.sql`(${userId}, ${match.groupId}, ${match.ruleId}, ${now})`);
    await tx.$executeRaw`INSERT INTO "GroupMembership" ("userId", "groupId", "ruleId", "createdAt") VALUES ${Prisma.join(rows)}`;
  }
  for (const match of diff.reasonChanged) {
    await tx.groupMembership.update({ where: { userId_groupId: { userId, groupId: match.groupId } }, data: { ruleId: match.ruleId } });
  }
  return diff;
}
