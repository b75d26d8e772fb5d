import type { Db } from '../db';

export const CLEANUP_BATCH_SIZE = 500;

/**
 * Deletes expired SAML store records (and their indexes) in batches of `batchSize`, so one sweep
 * never holds a long transaction or a huge IN list. Returns how many records were deleted.
 * A record re-written (with a new expiry) between the select and the delete is left alone.
 */
export async function cleanupExpired(db: Db, now: Date = new Date(), batchSize = CLEANUP_BATCH_SIZE): Promise<number> {
  let deleted = 0;
  for (;;) {
    const expired = await db.samlStore.findMany({
      where: { expiresAt: { lte: now } },
      select: { key: true },
      orderBy: { expiresAt: 'asc' },
      take: batchSize,
    });
    if (expired.length === 0) return deleted;
    const keys = expired.map((row) => row.key);
    const [, removed] = await db.$transaction([
      db.samlStoreIndex.deleteMany({ where: { storeKey: { in: keys }, store: { expiresAt: { lte: now } } } }),
      db.samlStore.deleteMany({ where: { key: { in: keys }, expiresAt: { lte: now } } }),
    ]);
    deleted += removed.count;
    if (expired.length < batchSize) return deleted;
  }
}
