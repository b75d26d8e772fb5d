import type { Db } from '../db';
import { AppError } from '../api/errors';
import { describeRule } from './describe-rule';
import { groupPageSchema, type GroupPageInput } from './group-schemas';
import { readStoredRule } from './stored-rules';

export const MEMBERS_PAGE_DEFAULT_LIMIT = 50;

/**
 * A group's members in user-id order, a page at a time (`cursor` is the last user id of the previous page),
 * each with why: the rule that placed them, as text. The rule is null while a recompute has yet to reach a
 * member whose rule was removed.
 */
export async function getGroupMembers(db: Db, groupId: string, page: GroupPageInput = {}) {
  const { cursor, limit = MEMBERS_PAGE_DEFAULT_LIMIT } = groupPageSchema.parse(page);
  const group = await db.group.findUnique({ where: { id: groupId }, select: { id: true } });
  if (!group) throw new AppError('not_found', 'No such group.');
  const rows = await db.groupMembership.findMany({
    where: { groupId, ...(cursor === undefined ? {} : { userId: { gt: cursor } }) },
    orderBy: { userId: 'asc' },
    take: limit + 1,
    select: {
      userId: true,
      createdAt: true,
      rule: { select: { id: true, attribute: true, operator: true, value: true, caseSensitive: true, position: true } },
      user: { select: { userName: true, email: true, directory: { select: { id: true, name: true } } } },
    },
  });
  const shown = rows.slice(0, limit);
  return {
    data: shown.map((row) => ({
      userId: row.userId,
      userName: row.user.userName,
      email: row.user.email,
      directory: row.user.directory,
      memberSince: row.createdAt,
      rule: row.rule ? { id: row.rule.id, position: row.rule.position, text: describeRule(readStoredRule(row.rule)) } : null,
    })),
    nextCursor: rows.length > limit ? (shown.at(-1)?.userId ?? null) : null,
  };
}

export type GroupMembersPage = Awaited<ReturnType<typeof getGroupMembers>>;
