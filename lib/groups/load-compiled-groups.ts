import type { Db, Tx } from '../db';
import { compileGroups, type CompiledGroups } from '../rules/compile-group-rules';
import { loadGroupsForEvaluation } from './load-groups-for-evaluation';

/** Every group compiled for evaluation, with its name (for audit events). */
export type GroupsForSignIn = { compiled: CompiledGroups; names: ReadonlyMap<string, string> };

export async function loadCompiledGroups(db: Db | Tx): Promise<GroupsForSignIn> {
  const [groups, names] = await Promise.all([loadGroupsForEvaluation(db), db.group.findMany({ select: { id: true, name: true } })]);
  return { compiled: compileGroups(groups), names: new Map(names.map((group) => [group.id, group.name])) };
}
