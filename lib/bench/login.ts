/**
 * `npm run bench:login`: what a full JIT sign-in costs, next to the bare SAML validation Jackson's ACS does.
 *
 * In-process, no HTTP server: the figures are the sign-in work itself. For each database (SQLite, PostgreSQL on
 * 127.0.0.1) and each concurrency (1, 8, 32) the bench posts pre-signed responses through what the ACS route does
 * — the per-address rate limit, strict gate (signature, audience, recipient, timing, InResponseTo, replay), the AuthnRequest consumed, the
 * user created or updated with attributes and memberships of 46 rule-based groups, a session and the audit events
 * in one transaction, then the SAML engine's one-time code for next-auth — half of them first sign-ins (create),
 * half returning users with changed attributes (update). The same responses then go through what Jackson's ACS
 * runs to validate one (`parseIssuer`, then `validate` with the options its oauthController builds: audience, IdP
 * certificate, InResponseTo), with no database. Printed: sign-ins/s, p50/p99 latency, CPU per sign-in, and the
 * ratio full / bare CPU.
 *
 * Target (issue): full ≤ 1.5× bare CPU (about ≥ 100 sign-ins/s per core), p99 < 100 ms at concurrency 8.
 *
 * Environment: BENCH_SIGNINS (per concurrency level, default 400), BENCH_PROVIDERS (default `sqlite,postgresql`),
 * GATEHOUSE_TEST_PG_URL (local server only).
 * Run with `node --conditions=react-server --import tsx` (see package.json): the sign-in code imports server-only.
 */
import { parseIssuer, validate } from '@boxyhq/saml20/dist/response.js';
import { generateTestKeyPair, type TestKeyPair } from '../../e2e/fixtures/test-keys';
import type { DatabaseProvider } from '../env';
import type { ReplayStore } from '../saml/gate/replay-store';
import { validateSamlResponse, type GateExpectations } from '../saml/gate/validate-saml-response';
import { getServiceProviderInfo } from '../saml/service-provider';
import { createJackson, type JacksonControllers } from '../jackson/create-jackson';
import { completeSignIn } from '../signin/complete-sign-in';
import { DEFAULT_RATE_LIMIT_RULES } from '../rate-limit/rate-limit-rules';
import { consumeSignInLimits } from '../rate-limit/sign-in-limits';
import { signInCallbackUrl } from '../signin/sign-in-callback-url';
import {
  BENCH_DOMAIN,
  IDP_ENTITY_ID,
  createBenchIdp,
  installSignIns,
  openBenchDatabase,
  signSignIns,
  type BenchDatabase,
  type BenchIdp,
  type PlannedSignIn,
  type PreparedSignIn,
} from './login-fixture';
import { loadAverage, measure, type ExternalCpuProbe, type Measurement } from './measure';

const CONCURRENCY = [1, 8, 32] as const;
/** Even: half first sign-ins, half returning users. */
const SIGN_INS_PER_LEVEL = Math.ceil(positiveInteger(process.env.BENCH_SIGNINS, 400) / 2) * 2;
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql')
  .split(',')
  .filter((p): p is DatabaseProvider => p === 'sqlite' || p === 'postgresql');
/** Never contacted: only the entity ID and ACS URL the responses are addressed to. */
const BASE_URL = 'https://gatehouse.bench.test';
const SP = getServiceProviderInfo(BASE_URL);

const TARGET_RATIO = 1.5;
const TARGET_PER_CORE = 100;
const TARGET_P99_MS_AT_8 = 100;

type Row = { provider: DatabaseProvider; concurrency: number; full: Measurement; gate: Measurement; limit: Measurement; bare: Measurement };

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

/**
 * Gatehouse's strict gate alone on the same response (signature and every check), with an in-memory replay store:
 * no database, so it can run on responses the full sign-in then uses. Shows how the full cost splits.
 */
function gateValidation(idp: BenchIdp) {
  const expectBase: Omit<GateExpectations, 'inResponseTo'> = {
    idp: { id: idp.idpId, entityId: IDP_ENTITY_ID, certificatesPem: [idp.certificatePem], allowIdpInitiated: false },
    spEntityId: SP.entityId,
    acsUrl: SP.acsUrl,
  };
  const used = new Set<string>();
  const replay: ReplayStore = {
    async consume(_idpId, assertionId) {
      if (used.has(assertionId)) return false;
      used.add(assertionId);
      return true;
    },
  };
  return async (signIn: PreparedSignIn): Promise<void> => {
    const result = await validateSamlResponse(
      { samlResponse: signIn.samlResponse },
      { ...expectBase, inResponseTo: signIn.requestId },
      { replay },
    );
    if (!result.ok) throw new Error(`Gate refused: ${result.code}: ${result.reason}`);
  };
}

/** A new client address at each call, from the benchmarking range (RFC 2544): `base` keeps two sequences apart. */
function clientAddresses(base: 18 | 19): () => string {
  let client = 0;
  return () => {
    client++;
    return `198.${base}.${(client >> 8) & 255}.${client & 255}`;
  };
}

/** The ACS's per-address rate limit alone (one upsert on a new row, as for a new client), with the default rules. */
function rateLimitCheck(database: BenchDatabase) {
  const nextIp = clientAddresses(19);
  return async (): Promise<void> => {
    const limit = await consumeSignInLimits(database.db, 'acs', { ip: nextIp() }, { rules: DEFAULT_RATE_LIMIT_RULES });
    if (!limit.allowed) throw new Error(`Rate-limited: ${limit.message}`);
  };
}

/**
 * The ACS's work for one response, as app/api/saml/acs/route.ts does it: the per-address rate limit (default rules;
 * each sign-in from its own address, as from separate browsers, so each counts on a new row), the sign-in (gate,
 * request consumed, JIT, groups, session, audit) and the one-time code the SAML engine issues for next-auth. A
 * refusal aborts the bench with the audited reason.
 */
function fullSignIn(database: BenchDatabase, jackson: JacksonControllers) {
  const nextIp = clientAddresses(18);
  return async (signIn: PreparedSignIn): Promise<void> => {
    const limit = await consumeSignInLimits(database.db, 'acs', { ip: nextIp() }, { rules: DEFAULT_RATE_LIMIT_RULES });
    if (!limit.allowed) throw new Error(`Rate-limited: ${limit.message}`);
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
    const redirectUrl = await signInCallbackUrl(jackson, BASE_URL, result);
    if (!new URL(redirectUrl).searchParams.get('code')) throw new Error('No code issued');
  };
}

/**
 * Warm-up: first sign-ins of the users who return in the first level. Each level: half first sign-ins (new users),
 * half returning users (those whose first sign-in was in the level before), interleaved — returning users are
 * real sign-ins' output, not rows written by the bench.
 */
type Workload = { warmUp: PreparedSignIn[]; levels: PreparedSignIn[][] };

function planWorkload(keys: TestKeyPair): Workload {
  const half = SIGN_INS_PER_LEVEL / 2;
  const cohort = (generation: number) => Array.from({ length: half }, (_, i) => `u${generation}-${i}@${BENCH_DOMAIN}`);
  const warmUp: PlannedSignIn[] = cohort(0).map((userName) => ({ userName, kind: 'create' }));
  const levels = CONCURRENCY.map((_, level) => {
    const newcomers = cohort(level + 1);
    const returning = cohort(level);
    return newcomers.flatMap((userName, i): PlannedSignIn[] => [
      { userName, kind: 'create' },
      { userName: returning[i] as string, kind: 'update' },
    ]);
  });
  return { warmUp: signSignIns(keys, SP, warmUp), levels: levels.map((plan) => signSignIns(keys, SP, plan)) };
}

async function benchProvider(provider: DatabaseProvider, keys: TestKeyPair, workload: Workload): Promise<Row[]> {
  const started = Date.now();
  const database = await openBenchDatabase(provider);
  try {
    const idp = await createBenchIdp(database.db, keys);
    const { warmUp, levels } = workload;
    await installSignIns(database.db, idp, [...warmUp, ...levels.flat()]);
    console.log(`${provider}: database ready in ${Date.now() - started} ms`);

    // Validation without the database first: it consumes nothing, so the same responses then go through the full
    // sign-in. Each kind is warmed up on the warm-up responses before its timed runs.
    const perLevel = async (operation: (signIn: PreparedSignIn) => Promise<void>, probe?: ExternalCpuProbe): Promise<Measurement[]> => {
      await measure(warmUp.length, 8, (i) => operation(warmUp[i] as PreparedSignIn));
      const results: Measurement[] = [];
      for (const [level, concurrency] of CONCURRENCY.entries()) {
        const signIns = levels[level] ?? [];
        results.push(await measure(signIns.length, concurrency, (i) => operation(signIns[i] as PreparedSignIn), probe));
      }
      return results;
    };
    const bareResults = await perLevel(jacksonValidation(idp));
    const gateResults = await perLevel(gateValidation(idp));
    const limitResults = await perLevel(rateLimitCheck(database), database.serverCpu ?? undefined);

    const jackson = await createJackson({ db: database.db, baseUrl: BASE_URL, secret: 'bench-'.repeat(8) });
    const full = fullSignIn(database, jackson);
    await measure(warmUp.length, 8, (i) => full(warmUp[i] as PreparedSignIn));
    const rows: Row[] = [];
    for (const [level, concurrency] of CONCURRENCY.entries()) {
      const signIns = levels[level] ?? [];
      const result = await measure(signIns.length, concurrency, (i) => full(signIns[i] as PreparedSignIn), database.serverCpu ?? undefined);
      rows.push({
        provider,
        concurrency,
        full: result,
        gate: gateResults[level] as Measurement,
        limit: limitResults[level] as Measurement,
        bare: bareResults[level] as Measurement,
      });
    }
    await jackson.close();

    // The work really happened: one user per first sign-in, one session per sign-in, every request consumed, and
    // every returning user's sign-in recorded as an update (its attributes changed).
    const all = [...warmUp, ...levels.flat()];
    const returning = all.filter((signIn) => signIn.kind === 'update').length;
    const [users, sessions, unconsumed, updates, memberships] = await Promise.all([
      database.db.user.count(),
      database.db.userSession.count(),
      database.db.samlRequest.count({ where: { consumedAt: null } }),
      database.db.auditEvent.count({ where: { action: 'user.update' } }),
      database.db.groupMembership.count(),
    ]);
    // Every user is in four groups whichever revision of the attributes they last signed in with (benchGroups).
    if (
      users !== all.length - returning ||
      sessions !== all.length ||
      unconsumed !== 0 ||
      updates !== returning ||
      memberships !== users * 4
    ) {
      throw new Error(
        `Unexpected state after the run: ${users} users, ${sessions} sessions, ${updates} updates, ${unconsumed} unconsumed requests, ${memberships} memberships`,
      );
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
    'db',
    'conc',
    'full/s',
    'p50 ms',
    'p99 ms',
    'cpu ms',
    'pg cpu ms',
    'gate cpu',
    'limit cpu',
    'bare/s',
    'p50 ms',
    'p99 ms',
    'cpu ms',
    'ratio',
    'ratio+pg',
    'per core/s',
  ];
  const lines = rows.map(({ provider, concurrency, full, gate, limit, bare }) => {
    const fullCpu = full.cpuMsPerOp + (full.externalCpuMsPerOp ?? 0);
    return [
      provider,
      String(concurrency),
      fixed(full.perSecond, 0),
      fixed(full.p50Ms),
      fixed(full.p99Ms),
      fixed(full.cpuMsPerOp, 2),
      fixed(full.externalCpuMsPerOp, 2),
      fixed(gate.cpuMsPerOp, 2),
      fixed(limit.cpuMsPerOp + (limit.externalCpuMsPerOp ?? 0), 2),
      fixed(bare.perSecond, 0),
      fixed(bare.p50Ms),
      fixed(bare.p99Ms),
      fixed(bare.cpuMsPerOp, 2),
      fixed(full.cpuMsPerOp / bare.cpuMsPerOp, 2),
      fixed(fullCpu / bare.cpuMsPerOp, 2),
      fixed(1000 / fullCpu, 0),
    ];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column < 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log();
  console.log(
    `Full JIT sign-in (completeSignIn) vs bare Jackson ACS validation (@boxyhq/saml20 validate), ${SIGN_INS_PER_LEVEL} sign-ins per row, half create / half update`,
  );
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(
    "\ncpu ms = this process (user+system) per sign-in; pg cpu ms = PostgreSQL backends per sign-in; gate cpu = Gatehouse's SAML gate" +
      ' alone (no DB);\nlimit cpu = the per-address rate-limit statement alone (this process + PostgreSQL backends), part of full;\nbare = Jackson ACS validation (parseIssuer + validate, no DB); ratio = full/bare cpu in-process;' +
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
  const signing = Date.now();
  const workload = planWorkload(keys);
  console.log(`Signed ${workload.warmUp.length + workload.levels.flat().length} responses in ${Date.now() - signing} ms`);
  // Wall-clock figures (sign-ins/s, latency) depend on what else the machine runs; CPU per sign-in much less so.
  const load = loadAverage;
  console.log(`Load average at start: ${load()}`);
  const rows: Row[] = [];
  for (const provider of PROVIDERS) rows.push(...(await benchProvider(provider, keys, workload)));
  printTable(rows);
  console.log(`\nLoad average at end: ${load()} (2 cores)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:login failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
