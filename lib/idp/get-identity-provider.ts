import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { directoryState } from '../directories/directory-view';
import { findDirectoryDeletions, type DirectoryDeletionProgress } from '../directories/find-directory-deletions';
import { certificateWarnings, nearestExpiry } from './parse-idp-metadata';

export async function assertIdpNameFree(db: Db | Tx, name: string, exceptIdpId?: string): Promise<void> {
  const owner = await db.identityProvider.findUnique({ where: { name }, select: { id: true } });
  if (owner && owner.id !== exceptIdpId) throw new AppError('conflict', `An identity provider named "${name}" already exists.`);
}

const IDP_SELECT = {
  id: true,
  name: true,
  type: true,
  enabled: true,
  entityId: true,
  nameIdFormat: true,
  metadataUrl: true,
  metadataFetchedAt: true,
  jitEnabled: true,
  allowIdpInitiated: true,
  createdAt: true,
  updatedAt: true,
  ssoEndpoints: { select: { binding: true, url: true }, orderBy: { position: 'asc' } },
  certificates: {
    select: { id: true, use: true, fingerprintSha256: true, subject: true, notBefore: true, notAfter: true, pem: true },
    orderBy: { notAfter: 'asc' },
  },
  jitDirectory: {
    select: {
      id: true,
      name: true,
      deletingAt: true,
      domains: { select: { name: true }, orderBy: { name: 'asc' } },
      _count: { select: { users: true } },
    },
  },
} as const;

type IdpRow = Awaited<ReturnType<typeof findIdp>>;
function findIdp(db: Db, id: string) {
  return db.identityProvider.findUnique({ where: { id }, select: IDP_SELECT });
}

/** Status shown in the console: what stops (or will stop) this IdP from signing people in. */
export function idpStatus(
  idp: NonNullable<IdpRow>,
  now = new Date(),
): { tone: 'success' | 'warning' | 'error' | 'neutral'; label: string } {
  if (idp.type === 'builtin') return idp.enabled ? { tone: 'success', label: 'Active' } : { tone: 'neutral', label: 'Disabled' };
  if (idp.jitDirectory?.deletingAt) return { tone: 'warning', label: 'Directory being deleted' };
  if (!idp.enabled) return { tone: 'neutral', label: 'Disabled' };
  const valid = idp.certificates.filter((c) => c.use === 'signing' && c.notAfter > now);
  if (valid.length === 0) return { tone: 'error', label: 'Certificate expired' };
  if (!idp.jitDirectory) return { tone: 'warning', label: 'No JIT directory' };
  const soon = certificateWarnings(valid, now).length > 0;
  return soon ? { tone: 'warning', label: 'Certificate expiring' } : { tone: 'success', label: 'Active' };
}

function present(idp: NonNullable<IdpRow>, now: Date, deletion: DirectoryDeletionProgress | null = null) {
  const { jitDirectory, certificates, ...rest } = idp;
  return {
    ...rest,
    certificates,
    nearestCertificateExpiry: nearestExpiry(certificates.filter((c) => c.use === 'signing')),
    certificateWarnings: certificateWarnings(certificates, now),
    directory: jitDirectory
      ? {
          id: jitDirectory.id,
          name: jitDirectory.name,
          domains: jitDirectory.domains.map((d) => d.name),
          userCount: jitDirectory._count.users,
          deletingAt: jitDirectory.deletingAt,
          /** While the directory is being deleted: its job's progress (and whether the IdP goes with it). */
          deletion: jitDirectory.deletingAt ? deletion : null,
          state: directoryState(jitDirectory.deletingAt, deletion ?? undefined),
        }
      : null,
    status: idpStatus(idp, now),
  };
}
export type IdentityProviderView = ReturnType<typeof present>;

export async function getIdentityProvider(db: Db, id: string, now = new Date()): Promise<IdentityProviderView> {
  const idp = await findIdp(db, id);
  if (!idp) throw new AppError('not_found', 'No such identity provider.');
  const deletion = idp.jitDirectory?.deletingAt ? ((await findDirectoryDeletions(db)).get(idp.jitDirectory.id) ?? null) : null;
  return present(idp, now, deletion);
}

export async function listIdentityProviders(db: Db, now = new Date()): Promise<IdentityProviderView[]> {
  const rows = await db.identityProvider.findMany({ select: IDP_SELECT, orderBy: [{ type: 'desc' }, { name: 'asc' }] });
  return rows.map((row) => present(row, now));
}
