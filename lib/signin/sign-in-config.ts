import type { Db } from '../db';
import { loadCompiledGroups, type GroupsForSignIn } from '../groups/load-compiled-groups';
import { loadJitConfig, type JitConfigLoad } from '../jit/load-jit-config';

/** What the ACS needs to know of one third-party IdP. */
export type SignInIdp = {
  id: string;
  name: string;
  entityId: string;
  allowIdpInitiated: boolean;
  /** The IdP's connection in the SAML engine (issues the OAuth code next-auth redeems). */
  samlClientId: string;
  certificatesPem: string[];
  /** Its JIT directory, domains and the attribute definitions — or why it cannot sign anyone in. */
  jit: JitConfigLoad;
};

/**
 * The sign-in configuration at one revision: enabled SAML IdPs with their certificates and JIT settings.
 * Every sign-in reads the revision (database triggers bump it on any change to IdPs, certificates,
 * directories, domains, attribute definitions, groups or rules) together with its pending requests, and
 * reloads this only when it moved — so a change made on one instance is seen by every other instance at
 * its next sign-in, and the hot path does not re-read configuration that did not change.
 */
export type SignInConfig = {
  revision: number;
  idps: ReadonlyMap<string, SignInIdp>;
  /** IdPs whose admins allowed IdP-initiated sign-in. */
  idpInitiated: readonly SignInIdp[];
  /** Every group's rules, compiled once per revision (rule 12: memberships are recomputed at each sign-in). */
  groups: GroupsForSignIn;
};

const cache = new WeakMap<Db, { revision: number; config: Promise<SignInConfig> }>();

/** The configuration at `revision` (or newer), loaded once per revision per database client. */
export function getSignInConfig(db: Db, revision: number): Promise<SignInConfig> {
  const cached = cache.get(db);
  if (cached && cached.revision >= revision) return cached.config;
  const config = loadSignInConfig(db);
  const entry = { revision, config };
  cache.set(db, entry);
  // A failed load is not kept: the next sign-in tries again.
  config.catch(() => {
    if (cache.get(db) === entry) cache.delete(db);
  });
  return config;
}

async function loadSignInConfig(db: Db): Promise<SignInConfig> {
  // The revision is read before the data: data newer than its label only causes one extra reload,
  // never a stale cache.
  const revision = await readConfigRevision(db);
  const rows = await db.identityProvider.findMany({
    where: { type: 'saml', enabled: true, entityId: { not: null } },
    select: {
      id: true,
      name: true,
      entityId: true,
      allowIdpInitiated: true,
      samlClientId: true,
      certificates: { where: { use: 'signing' }, select: { pem: true }, orderBy: { createdAt: 'asc' } },
    },
    orderBy: { createdAt: 'asc' },
  });
  const idps = new Map<string, SignInIdp>();
  for (const row of rows) {
    idps.set(row.id, {
      id: row.id,
      name: row.name,
      entityId: row.entityId ?? '',
      allowIdpInitiated: row.allowIdpInitiated,
      samlClientId: row.samlClientId ?? row.id,
      certificatesPem: row.certificates.map((certificate) => certificate.pem),
      jit: await loadJitConfig(db, row.id),
    });
  }
  const groups = await loadCompiledGroups(db);
  return { revision, idps, idpInitiated: [...idps.values()].filter((idp) => idp.allowIdpInitiated), groups };
}

export async function readConfigRevision(db: Db): Promise<number> {
  const row = await db.configRevision.findUnique({ where: { id: 1 }, select: { revision: true } });
  return row?.revision ?? 0;
}
