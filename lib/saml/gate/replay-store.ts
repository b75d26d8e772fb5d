import type { Db } from '../../db';

/**
 * One-time use of assertions, shared by every Gatehouse instance because it lives in the database: the primary
 * key (idpId, assertionId) makes the second insert of the same assertion fail, atomically, on SQLite and
 * PostgreSQL alike — no read-then-write race.
 */
export type ReplayStore = {
  /**
   * Records that this assertion has been used. True the first time; false if it was already recorded (a replay).
   * `expiresAt` is when the row may be purged: the assertion's NotOnOrAfter plus the allowed clock skew.
   * Database errors propagate (the gate turns them into a refusal: fail closed).
   */
  consume(idpId: string, assertionId: string, expiresAt: Date): Promise<boolean>;
};

export function createReplayStore(db: Db): ReplayStore {
  return {
    async consume(idpId, assertionId, expiresAt) {
      try {
        await db.samlAssertionReplay.create({ data: { idpId, assertionId, expiresAt } });
        return true;
      } catch (error) {
        // A row left over after its expiry (not yet purged) also refuses: an IdP does not reuse assertion IDs, and
        // the assertion itself would have to be valid again, so refusing costs nothing and never fails open.
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
  };
}

/** Deletes rows whose assertions can no longer be accepted anyway; returns how many. Run it periodically. */
export async function purgeExpiredReplays(db: Db, now: Date): Promise<number> {
  const { count } = await db.samlAssertionReplay.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002';
}
