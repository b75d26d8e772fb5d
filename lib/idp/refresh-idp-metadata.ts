import type { Db } from '../db';
import { AppError } from '../api/errors';
import type { AuditActor } from '../audit/record-audit-event';
import type { IdpDeps } from './idp-deps';
import { assertEntityIdFree, loadMetadata } from './load-metadata';
import { applyIdpUpdate } from './update-identity-provider';

/** "Refresh now": re-reads the metadata from the IdP's metadata URL. */
export async function refreshIdpMetadata(db: Db, actor: AuditActor, idpId: string, deps: IdpDeps) {
  const before = await db.identityProvider.findUnique({ where: { id: idpId } });
  if (!before) throw new AppError('not_found', 'No such identity provider.');
  if (!before.metadataUrl) {
    throw new AppError('validation_failed', 'This identity provider has no metadata URL; replace its metadata instead.');
  }
  const metadata = await loadMetadata({ metadataUrl: before.metadataUrl }, deps);
  await assertEntityIdFree(db, metadata.parsed.entityId, idpId);
  return applyIdpUpdate(db, actor, before, { metadata }, deps, 'idp.metadata.refresh');
}
