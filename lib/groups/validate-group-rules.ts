import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { assertRulesCompile } from '../rules/compile-group-rules';
import type { Rule } from '../rules/rule-schemas';

/**
 * What the schema cannot see: every regex compiles, and every rule names an attribute defined on the User
 * Attributes page (names match exactly, case included — rule 8), since no other attribute is ever stored.
 */
export async function assertRulesUsable(db: Db | Tx, rules: readonly Rule[]): Promise<void> {
  assertRulesCompile(rules);
  const names = [...new Set(rules.map((rule) => rule.attribute))];
  const defined = await db.userAttributeDefinition.findMany({ where: { name: { in: names } }, select: { name: true } });
  const known = new Set(defined.map((definition) => definition.name));
  const missing = names.filter((name) => !known.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `"${name}"`).join(', ');
    throw new AppError(
      'validation_failed',
      missing.length === 1
        ? `The attribute ${list} is not defined. Define it on the User Attributes page first (names match exactly, case included).`
        : `The attributes ${list} are not defined. Define them on the User Attributes page first (names match exactly, case included).`,
    );
  }
}
