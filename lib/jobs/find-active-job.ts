import type { Db, Tx } from '../db';
import { JOB_PROGRESS_SELECT, toJobProgress } from './get-job-progress';
import type { JobProgress } from './job-types';

/**
 * The oldest queued or running job of a type, e.g. to say "a recomputation of this group is already under
 * way". With `payloadKey`, only a job whose payload has a top-level property holding that value (such as
 * `{ groupId: payloadKey }`) counts. Active jobs are few, so the payloads are read and compared here.
 */
export async function findActiveJob(db: Db | Tx, filter: { type: string; payloadKey?: string }): Promise<JobProgress | null> {
  const rows = await db.job.findMany({
    where: { type: filter.type, status: { in: ['queued', 'running'] } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { ...JOB_PROGRESS_SELECT, payload: true },
  });
  const key = filter.payloadKey;
  const row = key === undefined ? rows[0] : rows.find((candidate) => payloadHolds(candidate.payload, key));
  return row ? toJobProgress(row) : null;
}

function payloadHolds(payload: string, key: string): boolean {
  try {
    const value: unknown = JSON.parse(payload);
    return typeof value === 'object' && value !== null && Object.values(value).some((property) => property === key);
  } catch {
    return false;
  }
}
