import type { Db, Tx } from '../db';

/**
 * Queues a job; a worker picks it up within a second or so. Called inside the transaction of the change
 * that needs it, so the job exists exactly when the change does.
 */
export async function enqueueJob(db: Db | Tx, input: { type: string; payload: unknown; total?: number }): Promise<{ id: string }> {
  if (!input.type) throw new Error('A job needs a type.');
  return db.job.create({
    data: { type: input.type, payload: JSON.stringify(input.payload ?? null), total: Math.max(0, Math.floor(input.total ?? 0)) },
    select: { id: true },
  });
}
