import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { assertRulesCompile } from '../rules/compile-group-rules';
import type { Rule } from '../rules/rule-schemas';
import { Prisma } from '../generated/prisma-sqlite/client.ts';

/**
 * What the schema cannot see: every regex compiles, and every rule names an attribute defined on the User
 * Attributes page (names match exactly, case included — rule 8), since no other attribute is ever stored.
 * With `lockFor: 'postgresql'`, inside the transaction that saves the rules, the definitions are read FOR SHARE:
 * an attribute deleted at the same moment either commits first (and the rules are refused) or waits for these
 * rules (and then sees them: deleteAttribute refuses an attribute in use). SQLite serializes writers already.
 */
export async function assertRulesUsable(db: Db | Tx, rules: readonly Rule[], options: { lockFor?: 'postgresql' } = {}): Promise<void> {
  assertRulesCompile(rules);
  const names = [...new Set(rules.map((rule) => rule.attribute))];
  if (names.length === 0) return;
  const defined =
    options.lockFor === 'postgresql'
      ? await db.$queryRaw<{ name: string }[]>`
          SELECT "name" FROM "UserAttributeDefinition" WHERE "name" IN (${Prisma.join(names)}) FOR SHARE`
      : await db.userAttributeDefinition.findMany({ where: { name: { in: names } }, select: { name: true } });
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
