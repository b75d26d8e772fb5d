/**
 * `npm run bench:login`: what a full JIT sign-in costs, next to the bare SAML validation Jackson's ACS does.
 *
 * In-process, no HTTP server: the figures are the sign-in work itself. For each database (SQLite, PostgreSQL on
 * 127.0.0.1) and each concurrency (1, 8, 32) the bench posts pre-signed responses to `completeSignIn` — the ACS
 * path: strict gate (signature, audience, recipient, timing, InResponseTo, replay), the AuthnRequest consumed, the
 * user created or updated with attributes and groups, a session and the audit events, one transaction — half of
 * them first sign-ins (create), half returning users with changed attributes (update). The same responses then go
 * through what Jackson's ACS runs to validate one (`parseIssuer`, then `validate` with the options its
 * oauthController builds: audience, IdP certificate, InResponseTo), with no database. Printed: sign-ins/s, p50/p99
 * latency, CPU per sign-in, and the ratio full / bare CPU.
 *
 * Target (issue): full ≤ 1.5× bare CPU (about ≥ 100 sign-ins/s per core), p99 < 100 ms at concurrency 8.
 *
 * Environment: BENCH_SIGNINS (per concurrency level, default 400), GATEHOUSE_TEST_PG_URL (local server only).
 * Run with `node --conditions=react-server --import tsx` (see package.json): the sign-in code imports server-only.
 */
import { parseIssuer, validate } from '@boxyhq/saml20/dist/response.js';
import { generateTestKeyPair } from '../../e2e/fixtures/test-keys';
import type { DatabaseProvider } from '../env';
import { getServiceProviderInfo } from '../saml/service-provider';
import { completeSignIn } from '../signin/complete-sign-in';
import { IDP_ENTITY_ID, createBenchIdp, openBenchDatabase, prepareSignIns, type BenchDatabase, type BenchIdp, type PreparedSignIn } from './login-fixture';
import { measure, type Measurement } from './measure';

const CONCURRENCY = [1, 8, 32] as const;
const SIGN_INS_PER_LEVEL = positiveInteger(process.env.BENCH_SIGNINS, 400);
/** Enough to compile the hot paths and fill the connection pool before anything is timed. */
const WARM_UP = 100;
const PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];
/** Never contacted: only the entity ID and ACS URL the responses are addressed to. */
const SP = getServiceProviderInfo('https://gatehouse.bench.test');

const TARGET_RATIO = 1.5;
const TARGET_PER_CORE = 100;
const TARGET_P99_MS_AT_8 = 100;

type Row = { provider: DatabaseProvider; concurrency: number; full: Measurement; bare: Measurement };

function positiveInteger(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

/** Jackson's ACS validation of one response (oauthController.samlResponse → extractSAMLResponseAttributes). */
function jacksonValidation(idp: BenchIdp) {
  // Jackson keeps the IdP certificate as the base64 of <ds:X509Certificate> from the metadata, without armour.
  const publicKey = idp.certificatePem.replace(/-----(?:BEGIN|END) CERTIFICATE-----|\s+/g, '');
  return async (signIn: PreparedSignIn): Promise<void> => {
    const raw = Buffer.from(signIn.samlResponse, 'base64').toString();
    if (parseIssuer(raw) !== IDP_ENTITY_ID) throw new Error('Jackson: unexpected issuer');
    const profile = await validate(raw, { audience: SP.entityId, publicKey, inResponseTo: signIn.requestId });
    if (!profile.claims) throw new Error('Jackson: no claims');
  };
}

/** The ACS's sign-in work for one response; a refusal aborts the bench with the audited reason. */
function fullSignIn(database: BenchDatabase) {
  return async (signIn: PreparedSignIn): Promise<void> => {
    const result = await completeSignIn(database.db, {
      samlResponse: signIn.samlResponse,
      flowNonce: signIn.flowNonce,
      spEntityId: SP.entityId,
      acsUrl: SP.acsUrl,
    });
    if (!result.ok) {
      const refused = await database.db.auditEvent.findFirst({ where: { action: 'signin.refused' }, orderBy: { createdAt: 'desc' } });
      throw new Error(`Sign-in refused (${signIn.kind}): ${refused?.reason ?? result.message}`);
    }
  };
}

async function benchProvider(provider: DatabaseProvider, keys: ReturnType<typeof generateTestKeyPair>): Promise<Row[]> {
  const started = Date.now();
  const database = await openBenchDatabase(provider);
  try {
    const idp = await createBenchIdp(database.db, keys);
    const warmUp = await prepareSignIns(database.db, idp, keys, SP, 'warm', WARM_UP);
    const levels: PreparedSignIn[][] = [];
    for (const concurrency of CONCURRENCY) {
      levels.push(await prepareSignIns(database.db, idp, keys, SP, `c${concurrency}`, SIGN_INS_PER_LEVEL));
    }
    console.log(`${provider}: prepared ${WARM_UP + levels.length * SIGN_INS_PER_LEVEL} signed responses in ${Date.now() - started} ms`);

    // Bare validation first: it consumes nothing, so the same responses then go through the full sign-in.
    const bare = jacksonValidation(idp);
    await measure(warmUp.length, 8, (i) => bare(warmUp[i] as PreparedSignIn));
    const bareResults: Measurement[] = [];
    for (const [level, concurrency] of CONCURRENCY.entries()) {
      const signIns = levels[level] ?? [];
      bareResults.push(await measure(signIns.length, concurrency, (i) => bare(signIns[i] as PreparedSignIn)));
    }

    const full = fullSignIn(database);
    await measure(warmUp.length, 8, (i) => full(warmUp[i] as PreparedSignIn));
    const rows: Row[] = [];
    for (const [level, concurrency] of CONCURRENCY.entries()) {
      const signIns = levels[level] ?? [];
      const result = await measure(signIns.length, concurrency, (i) => full(signIns[i] as PreparedSignIn), database.serverCpu ?? undefined);
      rows.push({ provider, concurrency, full: result, bare: bareResults[level] as Measurement });
    }

    // The work really happened: one user per distinct name, one session and one consumed request per sign-in.
    const expectedUsers = (WARM_UP + levels.length * SIGN_INS_PER_LEVEL) / 2;
    const [users, sessions, unconsumed] = await Promise.all([
      database.db.user.count(),
      database.db.userSession.count(),
      database.db.samlRequest.count({ where: { consumedAt: null } }),
    ]);
    if (Math.abs(users - expectedUsers) > 1 || unconsumed !== 0) {
      throw new Error(`Unexpected state after the run: ${users} users (expected ${expectedUsers}), ${unconsumed} unconsumed requests`);
    }
    console.log(`${provider}: ${users} users, ${sessions} sessions, done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return rows;
  } finally {
    await database.drop();
  }
}

function fixed(value: number | null, digits = 1): string {
  return value === null || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

function printTable(rows: Row[]): void {
  const header = [
    'db', 'conc',
    'full/s', 'p50 ms', 'p99 ms', 'cpu ms', 'pg cpu ms',
    'bare/s', 'p50 ms', 'p99 ms', 'cpu ms',
    'ratio', 'ratio+pg', 'per core/s',
  ];
  const lines = rows.map(({ provider, concurrency, full, bare }) => {
    const fullCpu = full.cpuMsPerOp + (full.externalCpuMsPerOp ?? 0);
    return [
      provider, String(concurrency),
      fixed(full.perSecond, 0), fixed(full.p50Ms), fixed(full.p99Ms), fixed(full.cpuMsPerOp, 2), fixed(full.externalCpuMsPerOp, 2),
      fixed(bare.perSecond, 0), fixed(bare.p50Ms), fixed(bare.p99Ms), fixed(bare.cpuMsPerOp, 2),
      fixed(full.cpuMsPerOp / bare.cpuMsPerOp, 2), fixed(fullCpu / bare.cpuMsPerOp, 2), fixed(1000 / fullCpu, 0),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, column) => (column < 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log();
  console.log(`Full JIT sign-in (completeSignIn) vs bare Jackson ACS validation (@boxyhq/saml20 validate), ${SIGN_INS_PER_LEVEL} sign-ins per row, half create / half update`);
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(
    '\ncpu ms = this process (user+system) per sign-in; pg cpu ms = PostgreSQL backends per sign-in; ratio = full/bare cpu in-process;' +
      '\nratio+pg = (full + pg backends) / bare; per core/s = 1000 / (full cpu incl. pg backends).',
  );

  console.log('\nTargets:');
  for (const provider of new Set(rows.map((row) => row.provider))) {
    const mine = rows.filter((row) => row.provider === provider);
    const worstRatio = Math.max(...mine.map(({ full, bare }) => (full.cpuMsPerOp + (full.externalCpuMsPerOp ?? 0)) / bare.cpuMsPerOp));
    const worstPerCore = Math.min(...mine.map(({ full }) => 1000 / (full.cpuMsPerOp + (full.externalCpuMsPerOp ?? 0))));
    const p99At8 = mine.find((row) => row.concurrency === 8)?.full.p99Ms ?? Number.NaN;
    const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
    console.log(
      `  ${provider.padEnd(10)} CPU ratio ≤ ${TARGET_RATIO}: ${fixed(worstRatio, 2)} (${verdict(worstRatio <= TARGET_RATIO)}); ` +
        `≥ ${TARGET_PER_CORE} sign-ins/s per core: ${fixed(worstPerCore, 0)} (${verdict(worstPerCore >= TARGET_PER_CORE)}); ` +
        `p99 < ${TARGET_P99_MS_AT_8} ms at c8: ${fixed(p99At8)} (${verdict(p99At8 < TARGET_P99_MS_AT_8)})`,
    );
  }
}

async function main(): Promise<void> {
  // One IdP key for the whole run: the bench measures verification, signing happens in preparation only.
  const keys = generateTestKeyPair('idp.bench.test');
  const rows: Row[] = [];
  for (const provider of PROVIDERS) rows.push(...(await benchProvider(provider, keys)));
  printTable(rows);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:login failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
