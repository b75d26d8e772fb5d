import type { Db } from '../db';
import type { JobHandler, JobStatus } from './job-types';

/** How long a claim holds without news from its worker; every saved batch renews it. */
export const DEFAULT_LEASE_MS = 60_000;
/** A job whose handler throws is tried this many times in all, then failed with the error. */
export const MAX_ATTEMPTS = 3;
/** A retry waits this long times the attempts so far (a database hiccup has time to pass). */
export const RETRY_DELAY_MS = 5_000;
/**
 * Claims count as attempts too, so a job that kills its process every time (and so never reaches the
 * error path) stops being resumed after this many starts. Graceful stops give their attempt back.
 */
export const MAX_STARTS = 10;
const MAX_ERROR_LENGTH = 2_000;

export type RunNextJobOptions = {
  workerId: string;
  leaseMs?: number;
  /** The clock leases are measured with (tests move it forward). */
  now?: () => Date;
  /** Stop after this many batches and keep the lease, as a crashed worker would (tests). */
  maxBatches?: number;
  /** Between batches: give the job back (queued, cursor kept) so another worker resumes it at once. */
  signal?: AbortSignal;
};

export type RunNextJobResult = { id: string; status: JobStatus; error?: string };

type ClaimedJob = { id: string; type: string; payload: string; cursor: string | null; attempts: number };

/** Queued (and not waiting out a retry delay), or running under a lease that has expired. */
function runnable(at: Date) {
  return {
    OR: [
      { status: 'queued', OR: [{ lockedUntil: null }, { lockedUntil: { lte: at } }] },
      { status: 'running', OR: [{ lockedUntil: null }, { lockedUntil: { lte: at } }] },
    ],
  };
}

/**
 * Claims one runnable job, oldest first. The claim is one conditional UPDATE on the row that only
 * succeeds while the row is still runnable: on PostgreSQL a second UPDATE racing for the same row waits
 * for the first to commit, re-reads the row, no longer matches and changes nothing (count 0), so exactly
 * one worker wins; SQLite runs one writer at a time. Leases compare instances' clocks, which must agree to
 * well within the lease.
 */
async function claimJob(db: Db, workerId: string, at: Date, leaseMs: number): Promise<ClaimedJob | null> {
  const candidates = await db.job.findMany({
    where: runnable(at),
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    take: 5,
    select: { id: true },
  });
  for (const candidate of candidates) {
    const claimed = await db.job.updateMany({
      where: { id: candidate.id, ...runnable(at) },
      data: { status: 'running', lockedBy: workerId, lockedUntil: new Date(at.getTime() + leaseMs), attempts: { increment: 1 } },
    });
    if (claimed.count === 1) {
      return db.job.findUnique({
        where: { id: candidate.id },
        select: { id: true, type: true, payload: true, cursor: true, attempts: true },
      });
    }
  }
  return null;
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH)}…` : message;
}

function count(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
}

/**
 * Claims one runnable job and runs it batch by batch until it finishes, saving the cursor and progress
 * and renewing the lease after each batch (and stopping if another worker has taken the job over). A
 * handler error requeues the job after a delay until MAX_ATTEMPTS, then fails it with the error; an
 * unknown type or an unreadable payload fails at once. Returns null when nothing was runnable.
 */
export async function runNextJob(
  db: Db,
  handlers: Record<string, JobHandler>,
  options: RunNextJobOptions,
): Promise<RunNextJobResult | null> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const { workerId } = options;
  const job = await claimJob(db, workerId, now(), leaseMs);
  if (!job) return null;
  const { id } = job;
  const mine = { id, lockedBy: workerId, status: 'running' };

  /** Ends the job (done or failed) if this worker still holds it; otherwise reports where it stands. */
  const settle = async (status: 'done' | 'failed', data: { error?: string; cursor?: string; done?: number; total?: number }) => {
    const saved = await db.job.updateMany({
      where: mine,
      data: { ...data, error: data.error ?? null, status, lockedBy: null, lockedUntil: null, finishedAt: now() },
    });
    return saved.count === 1 ? { id, status, ...(data.error ? { error: data.error } : {}) } : currentStatus(db, id);
  };

  const handler = Object.hasOwn(handlers, job.type) ? handlers[job.type] : undefined;
  if (!handler) return settle('failed', { error: `No handler is registered for the job type "${job.type}".` });
  if (job.attempts > MAX_STARTS) {
    return settle('failed', { error: `The job was started ${MAX_STARTS} times without finishing (its worker stopped each time).` });
  }
  let payload: unknown;
  let cursor: unknown;
  try {
    payload = JSON.parse(job.payload);
    cursor = job.cursor === null ? null : JSON.parse(job.cursor);
  } catch {
    return settle('failed', { error: 'The job payload or cursor is not valid JSON.' });
  }

  for (let batches = 0; ; batches++) {
    if (options.maxBatches !== undefined && batches >= options.maxBatches) return { id, status: 'running' };
    if (options.signal?.aborted) {
      const released = await db.job.updateMany({
        where: mine,
        data: { status: 'queued', lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
      });
      return released.count === 1 ? { id, status: 'queued' } : currentStatus(db, id);
    }

    let result;
    try {
      result = await handler.runBatch(db, { id, payload, cursor });
    } catch (error) {
      const message = errorMessage(error);
      if (job.attempts >= MAX_ATTEMPTS) return settle('failed', { error: message });
      const retryAt = new Date(now().getTime() + RETRY_DELAY_MS * job.attempts);
      const requeued = await db.job.updateMany({
        where: mine,
        data: { status: 'queued', error: message, lockedBy: null, lockedUntil: retryAt },
      });
      return requeued.count === 1 ? { id, status: 'queued', error: message } : currentStatus(db, id);
    }

    // Stored as JSON and read back, so the next batch sees exactly what a resumed job would.
    const stored = JSON.stringify(result.cursor ?? null);
    const progress = { cursor: stored, done: count(result.done), total: count(result.total) };
    if (result.finished) return settle('done', progress);
    const saved = await db.job.updateMany({
      where: mine,
      data: { ...progress, lockedUntil: new Date(now().getTime() + leaseMs) },
    });
    if (saved.count === 0) return currentStatus(db, id); // another worker took over after our lease ran out
    cursor = JSON.parse(stored) as unknown;
  }
}

async function currentStatus(db: Db, id: string): Promise<RunNextJobResult> {
  const row = await db.job.findUnique({ where: { id }, select: { status: true } });
  const status = row?.status;
  return { id, status: status === 'queued' || status === 'running' || status === 'done' ? status : 'failed' };
}
