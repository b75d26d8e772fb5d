import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { parseIdpMetadata, type ParsedIdpMetadata } from './parse-idp-metadata';
import type { IdpDeps } from './idp-deps';

export type LoadedMetadata = { xml: string; url: string | null; parsed: ParsedIdpMetadata };

/** Reads metadata from pasted XML or from its URL, and parses it (refusing bad metadata with a precise message). */
export async function loadMetadata(
  source: { metadataXml?: string; metadataUrl?: string },
  deps: Pick<IdpDeps, 'fetchMetadata'>,
): Promise<LoadedMetadata> {
  const url = source.metadataUrl ?? null;
  const xml = url ? await deps.fetchMetadata(url) : (source.metadataXml ?? '');
  return { xml, url, parsed: parseIdpMetadata(xml) };
}

/** Refuses an entity ID that another IdP already has, naming that IdP. */
export async function assertEntityIdFree(db: Db | Tx, entityId: string, exceptIdpId?: string): Promise<void> {
  const owner = await db.identityProvider.findUnique({ where: { entityId }, select: { id: true, name: true } });
  if (owner && owner.id !== exceptIdpId) {
    throw new AppError('conflict', `The identity provider "${owner.name}" already uses the entity ID ${entityId}.`);
  }
}

/** Replaces the stored SSO endpoints and certificates of an IdP with what the metadata says. */
export async function writeMetadataRows(tx: Tx, idpId: string, parsed: ParsedIdpMetadata): Promise<void> {
  await tx.idpSsoEndpoint.deleteMany({ where: { idpId } });
  await tx.idpCertificate.deleteMany({ where: { idpId } });
  await tx.idpSsoEndpoint.createMany({
    data: parsed.ssoEndpoints.map((endpoint, position) => ({ idpId, binding: endpoint.binding, url: endpoint.url, position })),
  });
  await tx.idpCertificate.createMany({
    data: parsed.certificates.map((cert) => ({
      idpId,
      use: cert.use,
      pem: cert.pem,
      fingerprintSha256: cert.fingerprintSha256,
      subject: cert.subject,
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
    })),
  });
}

/** What an audit event records of a metadata document. */
export function metadataSummary(parsed: ParsedIdpMetadata) {
  return {
    entityId: parsed.entityId,
    ssoEndpoints: parsed.ssoEndpoints.map((e) => `${e.binding} ${e.url}`),
    certificates: parsed.certificates.map((c) => c.fingerprintSha256),
  };
}
