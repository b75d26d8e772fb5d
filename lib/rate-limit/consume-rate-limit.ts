import { isPostgres, type Db } from '../db';
import { Prisma } from '../generated/prisma-sqlite/client.ts';

/** One counter: `limit` counted events per fixed window of `windowMs`, under `key` (shared by every instance). */
export type RateLimitCheck = { key: string; limit: number; windowMs: number };

/** A counter after one event was counted: its count in the current window and when that window ends. */
export type CountedRateLimit = RateLimitCheck & { count: number; resetAt: Date };

export type RateLimitDecision = {
  allowed: boolean;
  /** How many more events the tightest of the counters allows in its window. */
  remaining: number;
  /** 0 when allowed; else when the last refusing window ends, in whole seconds (at least 1). */
  retryAfterSeconds: number;
  /** The counters this decision counted on (an allowed decision can be given back with `releaseRateLimits`). */
  counted: CountedRateLimit[];
};

type Row = { key: string; count: number | bigint; resetAt: Date | string };

/**
 * Counts one event on every counter in one atomic statement (an upsert per key: a new or expired window starts at 1,
 * a current one is incremented) and decides: allowed only when every counter is within its limit. Concurrent calls,
 * from any instance, are serialized by the database on each key's row, so never more than `limit` are allowed per
 * window. A refused call gives back what it took (a second statement, on refusals only): refused events are not
 * counted, so a refusal on one key (the client's address) does not spend another's budget (the account's), and a
 * client that keeps trying while refused does not push its window's count up.
 */
export async function consumeRateLimits(db: Db, checks: RateLimitCheck[], now = new Date()): Promise<RateLimitDecision> {
  // One row per key, in key order: the same lock order in every statement keeps concurrent upserts from deadlocking.
  const byKey = new Map(checks.map((check) => [check.key, check]));
  const sorted = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (sorted.length === 0) return { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0, counted: [] };
  const values = Prisma.join(sorted.map((check) => Prisma.sql`(${check.key}, 1, ${new Date(now.getTime() + check.windowMs)})`));
  const rows = await db.$queryRaw<Row[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES ${values}
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN excluded."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "key", "count", "resetAt"`;

  const counted: CountedRateLimit[] = rows.map((row) => {
    const check = byKey.get(row.key) as RateLimitCheck;
    return { ...check, count: Number(row.count), resetAt: new Date(row.resetAt) };
  });
  const refused = counted.filter((c) => c.count > c.limit);
  const remaining = Math.min(...counted.map((c) => Math.max(0, c.limit - c.count)));
  if (refused.length === 0) return { allowed: true, remaining, retryAfterSeconds: 0, counted };

  const untilMs = Math.max(...refused.map((c) => c.resetAt.getTime()));
  const retryAfterSeconds = Math.max(1, Math.ceil((untilMs - now.getTime()) / 1000));
  // A refused event is not counted: a count is what was allowed (and not given back), exactly.
  await releaseRateLimits(db, counted);
  return { allowed: false, remaining: 0, retryAfterSeconds, counted: [] };
}

/** One counter: `consumeRateLimits` with a single check. */
export function consumeRateLimit(db: Db, check: RateLimitCheck, now = new Date()): Promise<RateLimitDecision> {
  return consumeRateLimits(db, [check], now);
}

/**
 * Gives back one count to each of these counters — for events that turn out not to count (a successful sign-in when
 * only failures are limited). A counter whose window has been replaced since is left alone: its count is not ours.
 */
export async function releaseRateLimits(db: Db, counted: CountedRateLimit[]): Promise<void> {
  if (counted.length === 0) return;
  const matches = Prisma.join(
    counted.map((c) => Prisma.sql`("key" = ${c.key} AND "resetAt" = ${c.resetAt})`),
    ' OR ',
  );
  if (isPostgres(db)) {
    // An UPDATE locks rows in scan order; lock them in key order first, as the upserts do, or the two deadlock.
    await db.$executeRaw`
      WITH "locked" AS (SELECT "key" FROM "RateLimit" WHERE "count" > 0 AND (${matches}) ORDER BY "key" FOR UPDATE)
      UPDATE "RateLimit" SET "count" = "count" - 1 FROM "locked" WHERE "RateLimit"."key" = "locked"."key"`;
    return;
  }
  await db.$executeRaw`UPDATE "RateLimit" SET "count" = "count" - 1 WHERE "count" > 0 AND (${matches})`;
}
