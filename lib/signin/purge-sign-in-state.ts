import type { Db } from '../db';
import { purgeExpiredReplays } from '../saml/gate/replay-store';

const INTERVAL_MS = 10 * 60_000;
let lastPurge = 0;

/**
 * Expired sign-in requests and replay records are dropped by whichever instance signs someone in,
 * at most every ten minutes per instance (no scheduler needed; expired rows are refused anyway).
 */
export async function purgeSignInStateIfDue(db: Db, now = new Date()): Promise<void> {
  if (now.getTime() - lastPurge < INTERVAL_MS) return;
  lastPurge = now.getTime();
  await purgeExpiredReplays(db, now);
  await db.samlRequest.deleteMany({ where: { expiresAt: { lt: now } } });
}
