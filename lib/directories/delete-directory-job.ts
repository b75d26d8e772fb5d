import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { isPostgres, type Db, type Tx } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { writeTransaction } from '../groups/write-lock';
import type { JobBatch, JobBatchResult, JobHandler } from '../jobs/job-types';
import { readJobPayload } from '../jobs/read-job-payload';
import { removeIdentityProvider } from '../idp/remove-identity-provider';

export const DIRECTORY_DELETE_JOB = 'directory.delete';

/**
 * Users per batch: enough that per-statement costs vanish, while one batch's transaction (the users and, by cascade,
 * their attribute values, memberships, sessions and password tokens: about 12 rows and 15 index entries per user)
 * stays short enough that sign-ins of other directories, which wait for the same write lock on SQLite, hardly notice.
 * bench:directory-delete: 1,000 deletes as fast as 2,000 and keeps the other sign-ins' p99 under 100 ms on SQLite.
 */
export const DIRECTORY_DELETE_BATCH_SIZE = 1_000;
/**
 * SQLite has one writer at a time, and a sign-in waiting for the lock polls for it (up to every 100 ms): after each
 * batch the job leaves the lock free for as long as the batch held it (capped), so sign-ins of other directories get
 * in between batches instead of waiting behind the whole deletion. PostgreSQL locks rows: no pause.
 */
const SQLITE_PAUSE_MAX_MS = 250;
/** Well inside the job lease (renewed before every batch), like the group recompute's batches. */
export const DIRECTORY_DELETE_BATCH_LIMITS = { maxWait: 10_000, timeout: 30_000 } as const;

const actorSchema = z.union([
  z.object({ type: z.enum(['admin', 'user', 'api']), id: z.string(), label: z.string() }),
  z.object({ type: z.literal('system') }),
  z.object({ type: z.literal('anonymous'), label: z.string().optional() }),
]);

const payloadSchema = z.object({
  directoryId: z.string().min(1),
  /** Set when the deletion was started by deleting the IdP: the IdP row goes at the end, with the directory. */
  deleteIdpId: z.string().min(1).nullable(),
  /** The users the admin confirmed (the progress total). */
  users: z.number().int().min(0),
  /** Who started it: the final audit events name them. */
  actor: actorSchema,
});
export type DirectoryDeletePayload = z.infer<typeof payloadSchema>;

const cursorSchema = z.object({ deleted: z.number().int().min(0) });

/** The payload of a `directory.delete` job (the runner passes it parsed; the table stores it as JSON). */
export function readDirectoryDeletePayload(payload: unknown): DirectoryDeletePayload | null {
  return readJobPayload(payloadSchema, payload);
}

/** A directory as the deletion's audit events describe it. */
export function describeDeletedDirectory(directory: { name: string; type: string; domains: { name: string }[] }) {
  return { name: directory.name, type: directory.type, domains: directory.domains.map((d) => d.name) };
}

type DoomedDirectory = { id: string; name: string; type: string; jitIdpId: string | null; domains: { name: string }[] };

/**
 * The `directory.delete` job (rule 4, in the background): the directory was marked (`deletingAt`, JIT off, sign-ins
 * and sessions refused) in one short transaction; each batch is one transaction that deletes the next few thousand
 * of its users, whose attribute values, memberships, sessions and tokens go by cascade. Batches pick "any N users
 * still in the directory" rather than continuing after a key, so a batch that runs twice (a crash between its
 * commit and the runner saving the cursor) simply deletes the next N, and a user written by a sign-in that was
 * already past its checks when the directory was marked is not missed. The batch that finds fewer than N users
 * also deletes the domains (which stayed owned until then: nobody could claim them) and the directory row, and
 * writes the final audit event; any batch after that finds no directory and ends the job. A crash therefore leaves
 * either the directory marked with fewer users, or no directory at all — and the runner resumes the job.
 */
export function createDirectoryDeleteHandler(options: { batchSize?: number } = {}): JobHandler {
  const batchSize = options.batchSize ?? DIRECTORY_DELETE_BATCH_SIZE;
  return {
    async runBatch(db: Db, job: JobBatch): Promise<JobBatchResult> {
      const payload = readDirectoryDeletePayload(job.payload);
      if (!payload) throw new Error('directory.delete: the job payload is not { directoryId, deleteIdpId, users, actor }.');
      const before = cursorSchema.safeParse(job.cursor);
      const deletedBefore = before.success ? before.data.deleted : 0;
      const postgres = isPostgres(db);
      const batchStarted = performance.now();
      const outcome = await writeTransaction(
        db,
        async (tx) => {
          const directory = await tx.directory.findUnique({
            where: { id: payload.directoryId },
            select: { id: true, name: true, type: true, jitIdpId: true, deletingAt: true, domains: { select: { name: true } } },
          });
          // Gone: an earlier run of the final batch committed. Not marked: nothing here asked for this deletion.
          if (!directory?.deletingAt) return { deleted: 0, finished: true };
          // The (directoryId, userName) index finds the directory's users; the ORDER BY keeps the planner on it.
          const deleted = await tx.$executeRaw`
          DELETE FROM "User" WHERE "id" IN (
            SELECT "id" FROM "User" WHERE "directoryId" = ${directory.id} ORDER BY "userName" LIMIT ${batchSize})`;
          if (deleted >= batchSize) return { deleted, finished: false };
          const total = Math.max(payload.users, deletedBefore + deleted);
          await finishDirectoryDeletion(tx, payload.actor, directory, {
            usersDeleted: total,
            deleteIdpId: payload.deleteIdpId,
            jobId: job.id,
          });
          return { deleted, finished: true };
        },
        DIRECTORY_DELETE_BATCH_LIMITS,
      );
      if (!postgres && !outcome.finished) await sleep(Math.min(SQLITE_PAUSE_MAX_MS, performance.now() - batchStarted));

      const done = deletedBefore + outcome.deleted;
      // A batch re-run after a crash is not counted twice but its first run is lost from the count: the figure is
      // progress for people, so a finished job reports everything done.
      const total = Math.max(payload.users, done);
      return { cursor: { deleted: done }, done: outcome.finished ? total : done, total, finished: outcome.finished };
    },
  };
}

export const directoryDeleteHandler: JobHandler = createDirectoryDeleteHandler();

/**
 * The end of a directory's deletion, in the caller's transaction, once it has no users left: the directory row and
 * (by cascade) its domains, JIT off for its IdP, the IdP itself when its deletion started this, and the audit
 * events. Also the whole deletion of a directory that had no users.
 */
export async function finishDirectoryDeletion(
  tx: Tx,
  actor: AuditActor,
  directory: DoomedDirectory,
  options: { usersDeleted: number; deleteIdpId: string | null; jobId: string | null },
): Promise<void> {
  await tx.directory.delete({ where: { id: directory.id } });
  if (directory.jitIdpId && directory.jitIdpId !== options.deleteIdpId) {
    await tx.identityProvider.updateMany({ where: { id: directory.jitIdpId }, data: { jitEnabled: false } });
  }
  await recordAuditEvent(tx, {
    actor,
    action: 'directory.delete',
    outcome: 'success',
    target: { type: 'directory', id: directory.id, label: directory.name },
    idpId: directory.jitIdpId,
    details: {
      before: describeDeletedDirectory(directory),
      usersDeleted: options.usersDeleted,
      ...(options.jobId ? { jobId: options.jobId } : {}),
    },
  });
  if (!options.deleteIdpId) return;
  const idp = await tx.identityProvider.findUnique({
    where: { id: options.deleteIdpId },
    select: { id: true, name: true, entityId: true },
  });
  if (idp) await removeIdentityProvider(tx, actor, idp, options.usersDeleted);
}
