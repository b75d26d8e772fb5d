import type { Db, Tx } from '../db';

export const GROUPS_REVISION_KEY = 'groups.revision';

/**
 * Every change to any group's definition bumps this counter in the same transaction, so a process
 * that caches the groups for sign-ins reloads them when the number moves. One atomic statement (an
 * upsert that increments in SQL): two concurrent changes always give two different numbers.
 */
export async function bumpGroupsRevision(tx: Tx | Db): Promise<void> {
  const now = new Date();
  await tx.$executeRaw`
    INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${GROUPS_REVISION_KEY}, '1', ${now})
    ON CONFLICT ("key") DO UPDATE SET "value" = CAST(CAST("Setting"."value" AS INTEGER) + 1 AS TEXT), "updatedAt" = ${now}`;
}

/** The current groups revision (0 before the first group change). */
export async function readGroupsRevision(db: Db | Tx): Promise<number> {
  const row = await db.setting.findUnique({ where: { key: GROUPS_REVISION_KEY }, select: { value: true } });
  const value = Number(row?.value ?? 0);
  return Number.isSafeInteger(value) ? value : 0;
}
