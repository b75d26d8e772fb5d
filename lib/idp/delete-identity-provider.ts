import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { deleteDirectoryIn } from '../directories/delete-directory';
import { deleteConfirmationSchema } from './idp-schemas';
import type { IdpDeps } from './idp-deps';

/** Deletes a third-party IdP together with its JIT directory and that directory's users. */
export async function deleteIdentityProvider(db: Db, actor: AuditActor, idpId: string, input: unknown, deps: IdpDeps) {
  const idp = await db.identityProvider.findUnique({ where: { id: idpId }, include: { jitDirectory: { select: { id: true } } } });
  if (!idp) return { usersDeleted: 0 }; // DELETE is idempotent
  if (idp.type === 'builtin') throw new AppError('conflict', 'The built-in identity provider cannot be deleted.');
  const { confirmUsers } = deleteConfirmationSchema.parse(input);

  const result = await db.$transaction(async (tx) => {
    const deleted = idp.jitDirectory ? await deleteDirectoryIn(tx, actor, idp.jitDirectory.id, confirmUsers) : { usersDeleted: 0 };
    if (!idp.jitDirectory && confirmUsers !== 0) {
      throw new AppError('conflict', `Deleting "${idp.name}" deletes 0 users; confirm with that number.`);
    }
    await tx.identityProvider.delete({ where: { id: idpId } });
    await recordAuditEvent(tx, {
      actor,
      action: 'idp.delete',
      outcome: 'success',
      target: { type: 'idp', id: idp.id, label: idp.name },
      idpId: idp.id,
      details: { before: { name: idp.name, entityId: idp.entityId }, usersDeleted: deleted.usersDeleted },
    });
    return deleted;
  });
  if (idp.samlClientId) await deps.connections.remove(idp.samlClientId);
  return result;
}
