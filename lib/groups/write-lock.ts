import { isPostgres, type Db, type Tx } from '../db';

/**
 * SQLite: takes the database's write lock as a transaction's first statement. The web server and the job worker
 * are separate processes on one SQLite file (WAL); a transaction that reads first and writes later fails with
 * SQLITE_BUSY_SNAPSHOT when the other process commits in between, whatever the busy timeout. A write that
 * changes nothing takes the lock (waiting its turn under the busy timeout), and every later read in the
 * transaction is then current. PostgreSQL needs nothing of the sort.
 */
export async function takeWriteLock(tx: Tx, postgres: boolean): Promise<void> {
  if (!postgres) await tx.$executeRaw`DELETE FROM "GroupMembership" WHERE 0`;
}

/**
 * A transaction that may read before it writes, safe beside the job worker on SQLite: it takes the write lock
 * first (see takeWriteLock). For every change that checks the database before writing.
 */
export function writeTransaction<T>(db: Db, run: (tx: Tx) => Promise<T>, options?: { maxWait?: number; timeout?: number }): Promise<T> {
  const postgres = isPostgres(db);
  return db.$transaction(async (tx) => {
    await takeWriteLock(tx, postgres);
    return run(tx);
  }, options);
}
