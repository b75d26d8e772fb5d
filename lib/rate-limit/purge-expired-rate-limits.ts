import type { Db } from '../db';

export const PURGE_BATCH_SIZE = 1000;
export const PURGE_INTERVAL_MS = 10 * 60_000;

/**
 * Deletes the counters whose window has ended, in batches (a flood from many addresses leaves many rows; short
 * statements never hold SQLite's write lock for long). An expired counter left behind is harmless — the next event on
 * its key starts a new window — so this only keeps the table small. Returns how many were deleted.
 */
export async function purgeExpiredRateLimits(db: Db, now = new Date(), batchSize = PURGE_BATCH_SIZE): Promise<number> {
  let deleted = 0;
  for (;;) {
    const removed = await db.$executeRaw`
      DELETE FROM "RateLimit" WHERE "key" IN (
        SELECT "key" FROM "RateLimit" WHERE "resetAt" <= ${now} ORDER BY "resetAt" LIMIT ${batchSize}
      ) AND "resetAt" <= ${now}`;
    deleted += removed;
    if (removed < batchSize) return deleted;
  }
}

/**
 * Runs the purge now and every `intervalMs` (the job worker does, on every instance); errors are logged and the next
 * round tries again. `stop()` ends the timer.
 */
export function startRateLimitPurge(db: Db, intervalMs = PURGE_INTERVAL_MS): { stop(): void } {
  const run = () => {
    purgeExpiredRateLimits(db).catch((error: unknown) => {
      console.error(`Purging expired rate limits failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
