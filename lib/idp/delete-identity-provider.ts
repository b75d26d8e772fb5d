import type { Db } from '../db';
import { AppError } from '../api/errors';
import type { AuditActor } from '../audit/record-audit-event';
import { startDirectoryDeletion, type DirectoryDeletion } from '../directories/delete-directory';
import { readDirectoryDeletePayload } from '../directories/delete-directory-job';
import { writeTransaction } from '../groups/write-lock';
import { deleteConfirmationSchema } from './idp-schemas';
import { removeIdentityProvider } from './remove-identity-provider';
import type { IdpDeps } from './idp-deps';

/**
 * Deletes a third-party IdP together with its JIT directory and that directory's users. Without users it is gone at
 * once. With users, the directory's deletion job deletes them in the background and removes the IdP at the end;
 * meanwhile the IdP is disabled, signs nobody in (its SAML connection is removed now) and shows as being deleted.
 * An IdP whose directory is already being deleted on its own is refused until that has finished.
 */
export async function deleteIdentityProvider(
  db: Db,
  actor: AuditActor,
  idpId: string,
  input: unknown,
  deps: IdpDeps,
): Promise<DirectoryDeletion> {
  const idp = await db.identityProvider.findUnique({ where: { id: idpId }, include: { jitDirectory: { select: { id: true } } } });
  if (!idp) return { status: 'deleted', usersDeleted: 0, jobId: null }; // DELETE is idempotent
  if (idp.type === 'builtin') throw new AppError('conflict', 'The built-in identity provider cannot be deleted.');
  const { confirmUsers } = deleteConfirmationSchema.parse(input);
  const directory = idp.jitDirectory;

  const result = await writeTransaction(db, async (tx): Promise<DirectoryDeletion> => {
    if (directory) {
      const deletion = await startDirectoryDeletion(tx, actor, directory.id, { confirmUsers, deleteIdpId: idp.id });
      if (deletion.status === 'deleting') {
        // startDirectoryDeletion returns a deletion already under way as it finds it: make sure it ends with this IdP.
        const job = await tx.job.findUnique({ where: { id: deletion.jobId ?? '' }, select: { payload: true } });
        if (readDirectoryDeletePayload(job?.payload)?.deleteIdpId !== idp.id) {
          throw new AppError(
            'conflict',
            `The directory of "${idp.name}" is being deleted; delete the identity provider once that has finished.`,
          );
        }
      }
      return deletion;
    }
    if (confirmUsers !== 0) throw new AppError('conflict', `Deleting "${idp.name}" deletes 0 users; confirm with that number.`);
    await removeIdentityProvider(tx, actor, idp, 0);
    return { status: 'deleted', usersDeleted: 0, jobId: null };
  });
  if (idp.samlClientId) await deps.connections.remove(idp.samlClientId);
  return result;
}
