import type { Tx } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';

/** The last step of deleting an IdP (its directory already gone): the row, and the `idp.delete` audit event. */
export async function removeIdentityProvider(
  tx: Tx,
  actor: AuditActor,
  idp: { id: string; name: string; entityId: string | null },
  usersDeleted: number,
): Promise<void> {
  await tx.identityProvider.delete({ where: { id: idp.id } });
  await recordAuditEvent(tx, {
    actor,
    action: 'idp.delete',
    outcome: 'success',
    target: { type: 'idp', id: idp.id, label: idp.name },
    idpId: idp.id,
    details: { before: { name: idp.name, entityId: idp.entityId }, usersDeleted },
  });
}
