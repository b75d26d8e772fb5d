import type { Db, Tx } from '../db';
import type { AttributeValues } from '../rules/rule-schemas';
import { Prisma } from '../generated/prisma-sqlite/client.ts';

/** One user of a scan batch: the values of the attributes asked for, and (when a group is given) its membership. */
export type ScannedUser = {
  id: string;
  attributes: AttributeValues;
  /** Only when the scan was given a group: whether the user is a member, and the rule that placed them. */
  membership: { ruleId: string | null } | null;
};

export type ScanBatch = { users: ScannedUser[]; /** The last user id of the batch: where the next batch starts. */ last: string | null };

export type ScanOptions = {
  /** Users with an id greater than this (keyset pagination in id order); null from the start. */
  after: string | null;
  limit: number;
  /** Only these attributes are read: the ones the rules reference. */
  attributes: readonly string[];
  /** Also read each user's membership of this group. */
  groupId?: string;
};

/**
 * Reads the next `limit` users in id order with the named attributes' values: the batch's user ids (primary key),
 * then their values and, for a recompute, their memberships of the group — each by an index range bounded by
 * the batch's first and last id ((userId, name, position) and (groupId, userId)), so a batch costs the same at the
 * end of a million users as at the start, and the planner has no reason to scan a whole table. Values come in no
 * particular order (sorting them costs PostgreSQL a third of the read): a rule holds when any value satisfies
 * it, so their order does not matter. Raw SQL, the same on SQLite and PostgreSQL (quoted identifiers, bound
 * parameters). Shared by the preview and the recompute job.
 */
export async function scanUsers(db: Db | Tx, options: ScanOptions): Promise<ScanBatch> {
  const names = [...new Set(options.attributes)];
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "User" ${options.after === null ? Prisma.empty : Prisma.sql`WHERE "id" > ${options.after}`} ORDER BY "id" LIMIT ${options.limit}`;
  const first = ids[0]?.id;
  const last = ids.at(-1)?.id;
  if (first === undefined || last === undefined) return { users: [], last: null };

  const [values, members] = await Promise.all([
    names.length === 0
      ? Promise.resolve([])
      : db.$queryRaw<{ userId: string; name: string; value: string }[]>`
          SELECT "userId", "name", "value" FROM "UserAttributeValue"
          WHERE "userId" >= ${first} AND "userId" <= ${last} AND "name" IN (${Prisma.join(names)})`,
    options.groupId === undefined
      ? Promise.resolve([])
      : db.$queryRaw<{ userId: string; ruleId: string | null }[]>`
          SELECT "userId", "ruleId" FROM "GroupMembership"
          WHERE "groupId" = ${options.groupId} AND "userId" >= ${first} AND "userId" <= ${last}`,
  ]);

  const attributes = new Map<string, Record<string, string[]>>();
  for (const row of values) {
    let own = attributes.get(row.userId);
    if (!own) {
      // No prototype: an attribute may be named "constructor" or "__proto__".
      own = Object.create(null) as Record<string, string[]>;
      attributes.set(row.userId, own);
    }
    (own[row.name] ??= []).push(row.value);
  }
  const memberships = new Map(members.map((row) => [row.userId, row.ruleId]));
  const users = ids.map(({ id }): ScannedUser => {
    const ruleId = memberships.get(id);
    return { id, attributes: attributes.get(id) ?? {}, membership: ruleId === undefined ? null : { ruleId } };
  });
  return { users, last };
}
