import type { Db } from '../db';

/**
 * Background jobs (Job table): membership recomputation after a group's rules change, directory
 * deletion. Each job is claimed by one instance at a time under a lease, advances in batches, and
 * records after each batch where it stands (`cursor`, `done`, `total`), so a crash resumes it.
 */
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** What the console shows of a job. */
export type JobProgress = {
  id: string;
  type: string;
  status: JobStatus;
  done: number;
  total: number;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/** What a handler gets for one batch: the payload, and the cursor its previous batch returned (null at first). */
export type JobBatch = { id: string; payload: unknown; cursor: unknown };

/** Where the job stands after a batch; `cursor` must be JSON-serialisable (it is stored between batches). */
export type JobBatchResult = { cursor: unknown; done: number; total: number; finished: boolean };

/**
 * Runs a job one batch at a time. A batch may run twice (a crash after the batch's writes but before the
 * runner saved its cursor), so each batch must be idempotent.
 */
export type JobHandler = { runBatch(db: Db, job: JobBatch): Promise<JobBatchResult> };

export function toJobStatus(value: string): JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value) ? (value as JobStatus) : 'failed';
}
