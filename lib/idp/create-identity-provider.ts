import type { Db } from '../db';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { createIdpSchema } from './idp-schemas';
import type { IdpDeps } from './idp-deps';
import { assertEntityIdFree, loadMetadata, metadataSummary, writeMetadataRows } from './load-metadata';
import { assertIdpNameFree } from './get-identity-provider';
import { writeTransaction } from '../groups/write-lock';

/** Adds a third-party SAML IdP from its metadata (XML or URL) and registers it with the SAML engine. */
export async function createIdentityProvider(db: Db, actor: AuditActor, input: unknown, deps: IdpDeps) {
  const data = createIdpSchema.parse(input);
  await assertIdpNameFree(db, data.name);
  const metadata = await loadMetadata(data, deps);
  await assertEntityIdFree(db, metadata.parsed.entityId);

  const idp = await writeTransaction(db, async (tx) => {
    const created = await tx.identityProvider.create({
      data: {
        name: data.name,
        type: 'saml',
        entityId: metadata.parsed.entityId,
        metadataXml: metadata.xml,
        metadataUrl: metadata.url,
        metadataFetchedAt: metadata.url ? new Date() : null,
        nameIdFormat: metadata.parsed.nameIdFormats[0] ?? null,
        allowIdpInitiated: data.allowIdpInitiated,
      },
    });
    await writeMetadataRows(tx, created.id, metadata.parsed);
    return created;
  });

  // The engine writes through its own store, so it is called after the commit; if it refuses,
  // the IdP is removed again so that nothing half-made stays behind.
  try {
    const { clientId } = await deps.connections.upsert({ ...idp, metadataXml: metadata.xml, samlClientId: null });
    await db.identityProvider.update({ where: { id: idp.id }, data: { samlClientId: clientId } });
  } catch (error) {
    await db.identityProvider.delete({ where: { id: idp.id } });
    throw error;
  }

  await recordAuditEvent(db, {
    actor,
    action: 'idp.create',
    outcome: 'success',
    target: { type: 'idp', id: idp.id, label: idp.name },
    idpId: idp.id,
    details: {
      after: { name: idp.name, metadataUrl: metadata.url, allowIdpInitiated: idp.allowIdpInitiated, ...metadataSummary(metadata.parsed) },
    },
  });
  return { id: idp.id, warnings: metadata.parsed.warnings };
}
