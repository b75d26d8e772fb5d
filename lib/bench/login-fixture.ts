/**
 * Bench support for `npm run bench:login`: a fresh, migrated database per provider (a temp SQLite file, or a
 * throwaway database on the local PostgreSQL server), configured like a real JIT IdP, and the pre-signed
 * responses the bench posts to the ACS. Everything here happens before timing starts.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TestKeyPair } from '../../e2e/fixtures/test-keys';
import { hashToken } from '../auth/tokens';
import type { Db } from '../db';
import type { DatabaseProvider } from '../env';
import { buildSignedResponse, newId, type TestAttribute } from '../saml/gate/testing/sign-response';
import { seedDefaults } from '../setup/seed-defaults';
import { createMigratedDatabase, postgresAdmin } from '../testing/databases';
import type { ExternalCpuProbe } from './measure';

export const BENCH_DOMAIN = 'bench.test';
export const IDP_ENTITY_ID = 'https://idp.bench.test/saml';

export type BenchDatabase = {
  provider: DatabaseProvider;
  db: Db;
  /** CPU of the PostgreSQL backends serving this database (null on SQLite, which runs in this process). */
  serverCpu: ExternalCpuProbe | null;
  drop: () => Promise<void>;
};

/** A fresh database with the committed migrations applied and the defaults seeded, as `npm start` leaves it. */
export async function openBenchDatabase(provider: DatabaseProvider): Promise<BenchDatabase> {
  const created = await createMigratedDatabase(provider, 'gatehouse-bench');
  try {
    await seedDefaults(created.db);
  } catch (error) {
    await created.drop();
    throw error;
  }
  return {
    provider,
    db: created.db,
    serverCpu: provider === 'postgresql' ? postgresBackendCpu(created.name) : null,
    drop: created.drop,
  };
}

/**
 * The PostgreSQL server does part of the work in its own processes, which process.cpuUsage() cannot see. This
 * sums utime + stime (from /proc, so only when the server runs on this machine) of the backends connected to the
 * bench database: the pool's connections, plus any it opens during the run (their whole lifetime falls inside
 * it). Background processes (WAL writer, checkpointer) are not counted. Returns null readings where /proc is
 * not readable, rather than a wrong figure.
 */
function postgresBackendCpu(database: string): ExternalCpuProbe {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const backends = () =>
    postgresAdmin(async (c) => (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])).rows);
  const cpuTicks = (pid: number): number | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: the numeric fields follow the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
    } catch {
      return null;
    }
  };
  return {
    async start() {
      const before = new Map<number, number>();
      for (const { pid } of await backends()) before.set(pid, cpuTicks(pid) ?? 0);
      return async () => {
        let ticks = 0;
        for (const { pid } of await backends()) {
          const now = cpuTicks(pid);
          if (now === null) return Number.NaN;
          ticks += now - (before.get(pid) ?? 0);
        }
        return ticks / ticksPerMs;
      };
    },
  };
}

export type BenchIdp = { idpId: string; certificatePem: string };

/**
 * A third-party SAML IdP as an admin would leave it: enabled, JIT on, SP-initiated only, one signing certificate,
 * a JIT directory owning BENCH_DOMAIN, a multi-valued `groups` attribute, and 46 rule-based groups (benchGroups).
 */
export async function createBenchIdp(db: Db, keys: TestKeyPair): Promise<BenchIdp> {
  const x509 = new X509Certificate(keys.certificatePem);
  const idp = await db.identityProvider.create({
    data: {
      name: 'Bench IdP',
      type: 'saml',
      enabled: true,
      jitEnabled: true,
      entityId: IDP_ENTITY_ID,
      allowIdpInitiated: false,
      certificates: {
        create: {
          use: 'signing',
          pem: x509.toString(),
          fingerprintSha256: x509.fingerprint256.toUpperCase(),
          subject: x509.subject.split('\n').join(', '),
          notBefore: new Date(x509.validFrom),
          notAfter: new Date(x509.validTo),
        },
      },
    },
  });
  await db.directory.create({
    data: { name: 'Bench directory', type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: [{ name: BENCH_DOMAIN }] } },
  });
  await db.userAttributeDefinition.upsert({
    where: { name: 'groups' },
    create: { name: 'groups', displayName: 'Groups', multiValued: true, position: 100 },
    update: {},
  });
  for (const group of benchGroups()) {
    await db.group.create({
      data: {
        name: group.name,
        matchMode: group.matchMode,
        rules: { create: group.rules.map((rule, position) => ({ ...rule, value: JSON.stringify(rule.value), position })) },
      },
    });
  }
  return { idpId: idp.id, certificatePem: x509.toString() };
}

type BenchRule = { attribute: string; operator: string; value: string | string[]; caseSensitive?: boolean };

/**
 * Rule-based groups as a small organisation has them: a first sign-in joins four of them, and the update (revision 1
 * of the attributes) leaves two, joins two others and keeps two; the other 40 match nobody but are evaluated.
 */
function benchGroups(): { name: string; matchMode: 'all' | 'any'; rules: BenchRule[] }[] {
  const groups: { name: string; matchMode: 'all' | 'any'; rules: BenchRule[] }[] = [
    { name: 'Everyone', matchMode: 'all', rules: [{ attribute: 'email', operator: 'endsWith', value: `@${BENCH_DOMAIN}` }] },
    { name: 'Sales', matchMode: 'all', rules: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] },
    { name: 'Engineering', matchMode: 'all', rules: [{ attribute: 'department', operator: 'equals', value: 'Engineering' }] },
    { name: 'VPN', matchMode: 'any', rules: [{ attribute: 'groups', operator: 'equals', value: 'vpn-users' }] },
    {
      name: 'Sales leads',
      matchMode: 'all',
      rules: [
        { attribute: 'department', operator: 'equals', value: 'Sales' },
        { attribute: 'title', operator: 'matches', value: '^Account (executive|manager)$' },
      ],
    },
    {
      name: 'GitHub',
      matchMode: 'any',
      rules: [
        { attribute: 'groups', operator: 'oneOf', value: ['github', 'gitlab'] },
        { attribute: 'title', operator: 'startsWith', value: 'Staff' },
      ],
    },
  ];
  for (let i = 0; i < 40; i++) {
    groups.push({
      name: `Team ${i}`,
      matchMode: i % 2 === 0 ? 'all' : 'any',
      rules: [
        { attribute: 'department', operator: 'equals', value: `Department ${i}` },
        { attribute: 'groups', operator: 'contains', value: `team-${i}-` },
      ],
    });
  }
  return groups;
}

/** One browser's sign-in: the response it posts, the flow cookie that binds it, the request it answers. */
export type PreparedSignIn = { samlResponse: string; flowNonce: string; requestId: string; userName: string; kind: 'create' | 'update' };

/** The attributes a typical IdP sends; `revision` changes department, title and groups (an update with a diff). */
function attributesFor(userName: string, revision: 0 | 1): TestAttribute[] {
  return [
    { name: 'userName', values: [userName] },
    { name: 'email', values: [userName] },
    { name: 'firstName', values: ['Ada'] },
    { name: 'lastName', values: ['Lovelace'] },
    { name: 'department', values: [revision === 0 ? 'Sales' : 'Engineering'] },
    { name: 'title', values: [revision === 0 ? 'Account executive' : 'Engineer'] },
    { name: 'groups', values: revision === 0 ? ['everyone', 'sales', 'vpn-users'] : ['everyone', 'engineering', 'vpn-users', 'github'] },
    // Not a defined attribute: ignored, and recorded as ignored in the audit event (rule 8).
    { name: 'http://schemas.microsoft.com/identity/claims/tenantid', values: ['3c1e5b9a'] },
  ];
}

/** Who signs in: a first sign-in (JIT create) or a returning user (JIT update). */
export type PlannedSignIn = { userName: string; kind: 'create' | 'update' };

/**
 * Signs the response of each planned sign-in: a first sign-in sends revision 0 of the attributes, a returning
 * user revision 1 (so the update has a diff). Each answers its own AuthnRequest, bound to its own flow cookie,
 * like separate browsers; each response is signed by the IdP with a unique assertion ID. Signing (~10 ms each
 * with xml-crypto) is done once for both databases: the IDs need only be unique within one fresh database.
 */
export function signSignIns(keys: TestKeyPair, sp: { entityId: string; acsUrl: string }, plan: PlannedSignIn[]): PreparedSignIn[] {
  // Valid for the whole run (the signer's default 5 minutes could lapse before the PostgreSQL half).
  const notOnOrAfter = new Date(Date.now() + 30 * 60_000).toISOString();
  return plan.map(({ userName, kind }) => {
    const requestId = newId();
    const signed = buildSignedResponse({
      keys,
      issuer: IDP_ENTITY_ID,
      spEntityId: sp.entityId,
      acsUrl: sp.acsUrl,
      nameId: userName,
      inResponseTo: requestId,
      notOnOrAfter,
      confirmationNotOnOrAfter: notOnOrAfter,
      attributes: attributesFor(userName, kind === 'create' ? 0 : 1),
    });
    return { samlResponse: signed.base64, flowNonce: newId(), requestId, userName, kind };
  });
}

/** Puts the server state the sign-ins expect into a database: one pending AuthnRequest per sign-in. */
export async function installSignIns(db: Db, idp: BenchIdp, signIns: PreparedSignIn[]): Promise<void> {
  const expiresAt = new Date(Date.now() + 30 * 60_000);
  await db.samlRequest.createMany({
    data: signIns.map((signIn) => ({ id: signIn.requestId, idpId: idp.idpId, browserHash: hashToken(signIn.flowNonce), expiresAt })),
  });
}
