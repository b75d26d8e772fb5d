import type { Db, Tx } from '../db';
import { JOB_PROGRESS_SELECT, toJobProgress } from '../jobs/get-job-progress';
import type { JobProgress } from '../jobs/job-types';
import { DIRECTORY_DELETE_JOB, readDirectoryDeletePayload } from './delete-directory-job';

/** Where a directory's deletion stands: its job's progress, and the IdP deleted with it, if any. */
export type DirectoryDeletionProgress = JobProgress & { directoryId: string; deleteIdpId: string | null };

/** Failed jobs looked at: a failed deletion stays visible (with its error) until it is run again. */
const FAILED_JOBS_CONSIDERED = 50;

/**
 * The current deletion job of each directory being deleted (queued or running; else its newest failed one), by
 * directory id. Deletions in progress are few at any time, so the payloads are read and matched here.
 */
export async function findDirectoryDeletions(db: Db | Tx): Promise<Map<string, DirectoryDeletionProgress>> {
  const select = { ...JOB_PROGRESS_SELECT, payload: true };
  const [active, failed] = await Promise.all([
    db.job.findMany({
      where: { type: DIRECTORY_DELETE_JOB, status: { in: ['queued', 'running'] } },
      select,
      orderBy: { createdAt: 'asc' },
    }),
    db.job.findMany({
      where: { type: DIRECTORY_DELETE_JOB, status: 'failed' },
      select,
      orderBy: { createdAt: 'desc' },
      take: FAILED_JOBS_CONSIDERED,
    }),
  ]);
  const byDirectory = new Map<string, DirectoryDeletionProgress>();
  // Oldest failed first, then active: a later entry (an active job, or a newer failure) wins.
  for (const job of [...failed.reverse(), ...active]) {
    const payload = readDirectoryDeletePayload(job.payload);
    if (!payload) continue;
    const progress = toJobProgress(job);
    byDirectory.set(payload.directoryId, {
      ...progress,
      total: Math.max(progress.total, progress.done),
      directoryId: payload.directoryId,
      deleteIdpId: payload.deleteIdpId,
    });
  }
  return byDirectory;
}
