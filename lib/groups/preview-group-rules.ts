import { performance } from 'node:perf_hooks';
import type { Db } from '../db';
import { compileGroups, evaluateCompiledGroups } from '../rules/compile-group-rules';
import { groupRulesSchema } from '../rules/rule-schemas';
import { scanUsers } from './scan-users';
import { assertRulesUsable } from './validate-group-rules';

export const PREVIEW_SAMPLE_SIZE = 10;

export type PreviewOptions = {
  /** Stop scanning after about this long and answer with what was counted so far. */
  budgetMs?: number;
  batchSize?: number;
};

export type GroupPreview = {
  /** Users matching among the scanned ones. */
  matching: number;
  /** Users scanned (the first ones in id order). */
  scanned: number;
  /** Users in all. */
  total: number;
  /** Every user was scanned; otherwise `matching` is a lower bound ("at least N of the first M users"). */
  complete: boolean;
  sample: { id: string; userName: string; email: string | null; directory: string; ruleIndex: number }[];
};

/**
 * Who would be in a group with these rules, before saving them: counts matching users in id order with the
 * same evaluator the sign-in and the recompute use. A request never waits long: after the time budget the
 * scan stops and the answer says how far it got.
 */
export async function previewGroupRules(db: Db, input: unknown, options: PreviewOptions = {}): Promise<GroupPreview> {
  const budgetMs = options.budgetMs ?? 2_000;
  const batchSize = options.batchSize ?? 2_000;
  const { matchMode, rules } = groupRulesSchema.parse(input);
  await assertRulesUsable(db, rules);
  const started = performance.now();
  // Rule ids are the rule's index, so a match says which rule held.
  const compiled = compileGroups([{ id: 'preview', matchMode, rules: rules.map((rule, index) => ({ ...rule, id: String(index) })) }]);
  const attributes = rules.map((rule) => rule.attribute);
  const total = await db.user.count();

  let matching = 0;
  let scanned = 0;
  let after: string | null = null;
  let complete = false;
  const sample: { id: string; ruleIndex: number }[] = [];
  for (;;) {
    const batch = await scanUsers(db, { after, limit: batchSize, attributes });
    for (const user of batch.users) {
      const match = evaluateCompiledGroups(compiled, user.attributes)[0];
      if (!match) continue;
      matching++;
      if (sample.length < PREVIEW_SAMPLE_SIZE) sample.push({ id: user.id, ruleIndex: Number(match.ruleId) });
    }
    scanned += batch.users.length;
    after = batch.last;
    if (batch.users.length < batchSize) {
      complete = true;
      break;
    }
    if (performance.now() - started >= budgetMs) break;
  }

  const users = await db.user.findMany({
    where: { id: { in: sample.map((entry) => entry.id) } },
    select: { id: true, userName: true, email: true, directory: { select: { name: true } } },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  return {
    matching,
    scanned,
    total: Math.max(total, scanned),
    complete,
    sample: sample.flatMap(({ id, ruleIndex }) => {
      const user = byId.get(id);
      return user ? [{ id, userName: user.userName, email: user.email, directory: user.directory.name, ruleIndex }] : [];
    }),
  };
}
