import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { findDirectoryDeletions } from '../directories/find-directory-deletions';
import { updateIdpSchema } from './idp-schemas';
import type { IdpDeps } from './idp-deps';
import { assertEntityIdFree, loadMetadata, metadataSummary, writeMetadataRows, type LoadedMetadata } from './load-metadata';
import { assertIdpNameFree } from './get-identity-provider';
import { writeTransaction } from '../groups/write-lock';

/** Renames, enables/disables, toggles IdP-initiated sign-in, or replaces the metadata of an IdP. */
export async function updateIdentityProvider(db: Db, actor: AuditActor, idpId: string, input: unknown, deps: IdpDeps) {
  const data = updateIdpSchema.parse(input);
  const before = await db.identityProvider.findUnique({ where: { id: idpId } });
  if (!before) throw new AppError('not_found', 'No such identity provider.');
  const deletions = await findDirectoryDeletions(db);
  if ([...deletions.values()].some((deletion) => deletion.deleteIdpId === idpId)) {
    throw new AppError('conflict', `"${before.name}" is being deleted; it cannot be changed.`);
  }
  if (before.type === 'builtin' && (data.metadataXml || data.metadataUrl || data.allowIdpInitiated !== undefined)) {
    throw new AppError('validation_failed', 'The built-in identity provider has no SAML metadata or IdP-initiated sign-in.');
  }
  if (data.name) await assertIdpNameFree(db, data.name, idpId);

  let metadata: LoadedMetadata | null = null;
  if (data.metadataXml || data.metadataUrl) {
    metadata = await loadMetadata(data, deps);
    await assertEntityIdFree(db, metadata.parsed.entityId, idpId);
  }
  return applyIdpUpdate(db, actor, before, { ...data, metadata }, deps);
}

type IdpRow = NonNullable<Awaited<ReturnType<Db['identityProvider']['findUnique']>>>;

/** Writes an update (shared with the metadata refresh) and keeps the SAML engine's connection in step. */
export async function applyIdpUpdate(
  db: Db,
  actor: AuditActor,
  before: IdpRow,
  change: { name?: string; enabled?: boolean; allowIdpInitiated?: boolean; metadata: LoadedMetadata | null },
  deps: IdpDeps,
  action = 'idp.update',
) {
  const { metadata } = change;
  const after = await writeTransaction(db, async (tx) => {
    const updated = await tx.identityProvider.update({
      where: { id: before.id },
      data: {
        name: change.name,
        enabled: change.enabled,
        allowIdpInitiated: change.allowIdpInitiated,
        ...(metadata
          ? {
              entityId: metadata.parsed.entityId,
              metadataXml: metadata.xml,
              metadataUrl: metadata.url,
              metadataFetchedAt: metadata.url ? new Date() : null,
              nameIdFormat: metadata.parsed.nameIdFormats[0] ?? null,
            }
          : {}),
      },
    });
    if (metadata) await writeMetadataRows(tx, before.id, metadata.parsed);
    return updated;
  });

  if (after.type === 'saml' && after.metadataXml && (metadata || change.name)) {
    const { clientId } = await deps.connections.upsert({ ...after, metadataXml: after.metadataXml });
    if (clientId !== after.samlClientId) await db.identityProvider.update({ where: { id: after.id }, data: { samlClientId: clientId } });
  }

  const fields = ['name', 'enabled', 'allowIdpInitiated', 'entityId', 'metadataUrl'] as const;
  const changed = fields.filter((field) => before[field] !== after[field]);
  await recordAuditEvent(db, {
    actor,
    action,
    outcome: 'success',
    target: { type: 'idp', id: after.id, label: after.name },
    idpId: after.id,
    details: {
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
      ...(metadata ? { metadata: metadataSummary(metadata.parsed) } : {}),
    },
  });
  return { id: after.id, warnings: metadata?.parsed.warnings ?? [] };
}
