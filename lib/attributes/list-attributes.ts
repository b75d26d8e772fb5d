import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { showValue } from '../jit/refusal-messages';

export type AttributeView = {
  name: string;
  displayName: string;
  required: boolean;
  multiValued: boolean;
  builtIn: boolean;
  position: number;
  /** Names of the groups whose rules use this attribute (it cannot be deleted while there are any). */
  usedByGroups: string[];
  createdAt: Date;
  updatedAt: Date;
};

const ATTRIBUTE_SELECT = {
  name: true,
  displayName: true,
  required: true,
  multiValued: true,
  builtIn: true,
  position: true,
  createdAt: true,
  updatedAt: true,
} as const;

export function attributeNotFound(name: string): AppError {
  return new AppError('not_found', `There is no user attribute named ${showValue(name)}.`);
}

/** Group rules that use these attribute names (exact, as the evaluator matches them). */
export async function findAttributeUsage(db: Db | Tx, names: string[]) {
  const rules = await db.groupRule.findMany({
    where: { attribute: { in: names } },
    select: { attribute: true, group: { select: { name: true } } },
  });
  const usage = new Map<string, { ruleCount: number; groupNames: string[] }>();
  for (const rule of rules) {
    const entry = usage.get(rule.attribute) ?? { ruleCount: 0, groupNames: [] };
    entry.ruleCount += 1;
    if (!entry.groupNames.includes(rule.group.name)) entry.groupNames.push(rule.group.name);
    usage.set(rule.attribute, entry);
  }
  for (const entry of usage.values()) entry.groupNames.sort((a, b) => a.localeCompare(b));
  return usage;
}

/** Every definition in display order (the order JIT provisioning reads them in). */
export async function listAttributes(db: Db | Tx): Promise<AttributeView[]> {
  const rows = await db.userAttributeDefinition.findMany({ select: ATTRIBUTE_SELECT, orderBy: [{ position: 'asc' }, { name: 'asc' }] });
  const usage = await findAttributeUsage(
    db,
    rows.map((row) => row.name),
  );
  return rows.map((row) => ({ ...row, usedByGroups: usage.get(row.name)?.groupNames ?? [] }));
}

/** One definition by its exact name. */
export async function getAttribute(db: Db | Tx, name: string): Promise<AttributeView> {
  const row = await db.userAttributeDefinition.findUnique({ where: { name }, select: ATTRIBUTE_SELECT });
  if (!row) throw attributeNotFound(name);
  const usage = await findAttributeUsage(db, [name]);
  return { ...row, usedByGroups: usage.get(name)?.groupNames ?? [] };
}
