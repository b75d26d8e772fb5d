import type { Db, Tx } from '../db';
import { toJobStatus, type JobProgress, type JobStatus } from './job-types';

export const JOB_PROGRESS_SELECT = {
  id: true,
  type: true,
  status: true,
  done: true,
  total: true,
  error: true,
  createdAt: true,
  finishedAt: true,
} as const;

export function toJobProgress(row: {
  id: string;
  type: string;
  status: string;
  done: number;
  total: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): JobProgress {
  const { id, type, done, total, error, createdAt, finishedAt } = row;
  return { id, type, status: toJobStatus(row.status), done, total, error, createdAt, finishedAt };
}

/** Where one job stands, or null when there is no such job. */
export async function getJobProgress(db: Db | Tx, id: string): Promise<JobProgress | null> {
  const row = await db.job.findUnique({ where: { id }, select: JOB_PROGRESS_SELECT });
  return row ? toJobProgress(row) : null;
}

/** The newest jobs first, optionally of one type and/or status (at most 200). */
export async function listJobs(db: Db | Tx, filter: { type?: string; status?: JobStatus; limit?: number } = {}): Promise<JobProgress[]> {
  const rows = await db.job.findMany({
    where: { type: filter.type, status: filter.status },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(Math.max(1, Math.floor(filter.limit ?? 50)), 200),
    select: JOB_PROGRESS_SELECT,
  });
  return rows.map(toJobProgress);
}
