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
      // A row left over after its expiry (not yet purged) also refuses: an IdP does not reuse assertion IDs, and
      // the assertion itself would have to be valid again, so refusing costs nothing and never fails open.
      // Raw SQL: this runs at every sign-in, and a conflict is an answer here, not an error.
      const inserted = await db.$executeRaw`
        INSERT INTO "SamlAssertionReplay" ("idpId", "assertionId", "expiresAt", "createdAt")
        VALUES (${idpId}, ${assertionId}, ${expiresAt}, ${new Date()})
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
  };
}

/** Deletes rows whose assertions can no longer be accepted anyway; returns how many. Run it periodically. */
export async function purgeExpiredReplays(db: Db, now: Date): Promise<number> {
  const { count } = await db.samlAssertionReplay.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
