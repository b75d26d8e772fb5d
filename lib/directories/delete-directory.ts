import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { writeTransaction } from '../groups/write-lock';
import { enqueueJob } from '../jobs/enqueue-job';
import {
  DIRECTORY_DELETE_JOB,
  describeDeletedDirectory,
  finishDirectoryDeletion,
  type DirectoryDeletePayload,
} from './delete-directory-job';
import { findDirectoryDeletions } from './find-directory-deletions';

/**
 * What a deletion did: `deleted` when the directory had no users (gone at once), `deleting` when its users are
 * being deleted by the `directory.delete` job (`jobId`). `usersDeleted` is the number of users the deletion removes.
 */
export type DirectoryDeletion = { status: 'deleted' | 'deleting'; usersDeleted: number; jobId: string | null };

/**
 * Rule 4: deleting a JIT directory deletes all its users (their attribute values, group memberships and sessions
 * go with them by cascade) and turns JIT off for its IdP. The caller confirms with the number of users to delete,
 * so nobody deletes more than they saw. A directory with users is deleted in the background (see
 * delete-directory-job.ts): one short transaction marks it deleting, which from that moment refuses its IdP's
 * sign-ins and its users' sessions, and queues the job. Calling it again while the deletion runs is harmless
 * (it queues the job again if the last one failed).
 */
export async function deleteDirectory(db: Db, actor: AuditActor, directoryId: string, confirmUsers: number): Promise<DirectoryDeletion> {
  return writeTransaction(db, async (tx) => {
    return startDirectoryDeletion(tx, actor, directoryId, { confirmUsers, deleteIdpId: null });
  });
}

/** deleteDirectory in the caller's transaction; `deleteIdpId` also deletes that IdP once the directory is gone. */
export async function startDirectoryDeletion(
  tx: Tx,
  actor: AuditActor,
  directoryId: string,
  options: { confirmUsers: number; deleteIdpId: string | null },
): Promise<DirectoryDeletion> {
  const directory = await tx.directory.findUnique({
    where: { id: directoryId },
    select: {
      id: true,
      name: true,
      type: true,
      jitIdpId: true,
      deletingAt: true,
      domains: { select: { name: true } },
      _count: { select: { users: true } },
    },
  });
  if (!directory) throw new AppError('not_found', 'No such directory.');
  const users = directory._count.users;

  if (directory.deletingAt) {
    const last = (await findDirectoryDeletions(tx)).get(directory.id);
    if (last && last.status !== 'failed') return { status: 'deleting', usersDeleted: last.total, jobId: last.id };
    // The last job failed (its error is on the directory page): a new one carries on where it stopped, and still
    // deletes the IdP if that is how the deletion started.
    const job = await enqueueDeletion(tx, actor, directory.id, users, options.deleteIdpId ?? last?.deleteIdpId ?? null);
    return { status: 'deleting', usersDeleted: users, jobId: job.id };
  }

  if (users !== options.confirmUsers) {
    throw new AppError(
      'conflict',
      `Deleting the directory "${directory.name}" deletes ${users} user${users === 1 ? '' : 's'}; confirm with that number.`,
    );
  }
  if (users === 0) {
    await finishDirectoryDeletion(tx, actor, directory, { usersDeleted: 0, deleteIdpId: options.deleteIdpId, jobId: null });
    return { status: 'deleted', usersDeleted: 0, jobId: null };
  }

  // Conditional: of two admins deleting at once, one marks it and the other finds it marked.
  const marked = await tx.directory.updateMany({ where: { id: directory.id, deletingAt: null }, data: { deletingAt: new Date() } });
  if (marked.count === 0) return startDirectoryDeletion(tx, actor, directoryId, options);
  if (directory.jitIdpId) {
    // From this commit on, the IdP signs nobody in; an IdP being deleted is also disabled (it stays listed until the end).
    await tx.identityProvider.update({
      where: { id: directory.jitIdpId },
      data: { jitEnabled: false, ...(options.deleteIdpId === directory.jitIdpId ? { enabled: false } : {}) },
    });
  }
  const job = await enqueueDeletion(tx, actor, directory.id, users, options.deleteIdpId);
  await recordAuditEvent(tx, {
    actor,
    action: 'directory.delete.start',
    outcome: 'success',
    target: { type: 'directory', id: directory.id, label: directory.name },
    idpId: directory.jitIdpId,
    details: {
      before: describeDeletedDirectory(directory),
      users,
      jobId: job.id,
      ...(options.deleteIdpId ? { deleteIdpId: options.deleteIdpId } : {}),
    },
  });
  return { status: 'deleting', usersDeleted: users, jobId: job.id };
}

function enqueueDeletion(tx: Tx, actor: AuditActor, directoryId: string, users: number, deleteIdpId: string | null) {
  const payload: DirectoryDeletePayload = { directoryId, deleteIdpId, users, actor };
  return enqueueJob(tx, { type: DIRECTORY_DELETE_JOB, payload, total: users });
}
