import type { Db, Tx } from '../db';
import type { GroupForEvaluation } from '../rules/rule-schemas';
import { toGroupForEvaluation } from './stored-rules';

/** Every group with its rules in position order, as the evaluator takes them (the sign-in path caches this per revision). */
export async function loadGroupsForEvaluation(db: Db | Tx): Promise<GroupForEvaluation[]> {
  const groups = await db.group.findMany({
    select: {
      id: true,
      matchMode: true,
      rules: { select: { id: true, attribute: true, operator: true, value: true, caseSensitive: true, position: true } },
    },
    orderBy: { id: 'asc' },
  });
  return groups.map(toGroupForEvaluation);
}
