/**
 * `npm run bench:directory-delete`: deleting a JIT directory of N users (default 1,000,000) in the background, and
 * what it does to everyone else's sign-ins meanwhile.
 *
 * For each database (SQLite, PostgreSQL on 127.0.0.1), a fresh migrated database with the bench:login IdP and its
 * directory (46 rule-based groups) and a second JIT IdP whose directory gets N users, seeded as bench:rules seeds
 * them (8 attribute values each), plus two group memberships and one session per user. Then:
 *   1. sign-ins of the first IdP's users alone (pre-signed responses, paced): the baseline p50/p99;
 *   2. deleteDirectory on the big directory: its short transaction (mark, JIT off, audit, enqueue) timed;
 *   3. the `directory.delete` job run to the end by the real job runner (runNextJob with JOB_HANDLERS) in a child
 *      process, as the background worker runs beside the web server, while this process keeps signing in the
 *      first IdP's users at the same pace: total time, users deleted per second, and the sign-in p50/p99 during it.
 * Checks that the big directory, its users, values, memberships and sessions are gone and the other directory's
 * users are all there.
 *
 * Flags: --users N (default 1,000,000), --rate N sign-ins per second during the run (default 20), --signins N
 * pre-signed responses available (default 3,000; when they run out, sign-ins stop and the run is reported as
 * partly covered). Environment: GATEHOUSE_TEST_PG_URL (local server only), BENCH_PROVIDERS (default sqlite,postgresql).
 * Run with `node --conditions=react-server --import tsx` (see package.json): the domain code imports server-only.
 */
import { spawn } from 'node:child_process';
import { loadAverage, percentile } from './measure';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { generateTestKeyPair, type TestKeyPair } from '../../e2e/fixtures/test-keys';
import { createDb, type Db } from '../db';
import { deleteDirectory } from '../directories/delete-directory';
import type { DatabaseProvider } from '../env';
import { getJobProgress } from '../jobs/get-job-progress';
import { JOB_HANDLERS } from '../jobs/job-handlers';
import { runNextJob } from '../jobs/run-next-job';
import { getServiceProviderInfo } from '../saml/service-provider';
import { seedDefaults } from '../setup/seed-defaults';
import { completeSignIn } from '../signin/complete-sign-in';
import { createMigratedDatabase, type MigratedDatabase } from '../testing/databases';
import { BENCH_DOMAIN, createBenchIdp, installSignIns, signSignIns, type BenchIdp, type PreparedSignIn } from './login-fixture';
import { seedUsers, usersFlag } from './seed-users';

const ARGS = process.argv.slice(2);
const BASE_URL = 'https://gatehouse.bench.test';
const SP = getServiceProviderInfo(BASE_URL);
const BASELINE_SIGN_INS = 200;
const actor = { type: 'system' } as const;

function numberFlag(name: string, fallback: number): number {
  const index = ARGS.indexOf(name);
  if (index === -1) return fallback;
  const value = Number(ARGS[index + 1]?.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a positive whole number`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// The child process: the job worker, as lib/cli/worker.ts runs it beside the web server.

async function runWorker(url: string, jobId: string): Promise<void> {
  const db = createDb(url);
  try {
    for (;;) {
      const progress = await getJobProgress(db, jobId);
      if (!progress) throw new Error(`job ${jobId} vanished`);
      if (progress.status === 'failed') throw new Error(`job ${jobId} failed: ${progress.error ?? ''}`);
      if (progress.status === 'done') return;
      await runNextJob(db, JOB_HANDLERS, { workerId: 'bench-worker' });
    }
  } finally {
    await db.$disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-ins at a steady pace (an open loop: one starts every 1/rate s whatever the others do, as browsers arrive).

type Latencies = { latencies: number[]; failures: number; exhausted: boolean };

async function paceSignIns(db: Db, signIns: PreparedSignIn[], rate: number, keepGoing: () => boolean): Promise<Latencies> {
  const latencies: number[] = [];
  let failures = 0;
  const inFlight = new Set<Promise<void>>();
  const interval = 1000 / rate;
  const started = performance.now();
  let next = 0;
  while (keepGoing() && next < signIns.length) {
    const signIn = signIns[next] as PreparedSignIn;
    const due = started + next * interval;
    next++;
    const run = (async () => {
      const result = await completeSignIn(db, {
        samlResponse: signIn.samlResponse,
        flowNonce: signIn.flowNonce,
        spEntityId: SP.entityId,
        acsUrl: SP.acsUrl,
      });
      if (result.ok) latencies.push(performance.now() - due);
      else failures++;
    })().catch(() => {
      failures++;
    });
    inFlight.add(run);
    void run.finally(() => inFlight.delete(run));
    const wait = started + next * interval - performance.now();
    if (wait > 0) await sleep(wait);
  }
  await Promise.all(inFlight);
  return { latencies: latencies.sort((a, b) => a - b), failures, exhausted: next >= signIns.length && keepGoing() };
}

// ---------------------------------------------------------------------------------------------------------------

type Result = {
  provider: DatabaseProvider;
  users: number;
  markMs: number;
  totalSeconds: number;
  baseline: Latencies;
  during: Latencies;
  coveredSeconds: number;
};

/** The directory to delete: a second JIT IdP and its directory of `users` users, each in two groups with a session. */
async function seedDoomedDirectory(database: MigratedDatabase, users: number): Promise<{ directoryId: string }> {
  const { db } = database;
  const idp = await db.identityProvider.create({ data: { name: 'Doomed IdP', type: 'saml', enabled: true, jitEnabled: true } });
  const directory = await db.directory.create({
    data: { name: 'Doomed directory', type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: [{ name: 'doomed.bench.test' }] } },
    include: { domains: true },
  });
  const domainId = directory.domains[0]?.id ?? null;
  await seedUsers(database, users, () => ({ directoryId: directory.id, domainId, status: 'active', lastSignInAt: null }));
  const now = new Date();
  const expires = new Date(now.getTime() + 8 * 3_600_000);
  await db.$executeRaw`
    INSERT INTO "GroupMembership" ("userId", "groupId", "createdAt")
    SELECT u."id", g."id", ${now} FROM "User" u CROSS JOIN (SELECT "id" FROM "Group" ORDER BY "name" LIMIT 2) g
    WHERE u."directoryId" = ${directory.id}`;
  await db.$executeRaw`
    INSERT INTO "UserSession" ("id", "userId", "idpId", "createdAt", "lastSeenAt", "expiresAt")
    SELECT u."id" || 's', u."id", ${idp.id}, ${now}, ${now}, ${expires} FROM "User" u WHERE u."directoryId" = ${directory.id}`;
  return { directoryId: directory.id };
}

async function benchProvider(
  provider: DatabaseProvider,
  users: number,
  rate: number,
  keys: TestKeyPair,
  available: number,
): Promise<Result> {
  const started = performance.now();
  const database = await createMigratedDatabase(provider, 'gatehouse-bench-delete');
  const { db } = database;
  try {
    await seedDefaults(db);
    const idp: BenchIdp = await createBenchIdp(db, keys);
    const { directoryId } = await seedDoomedDirectory(database, users);
    // Signed after the seeding: responses and requests are valid for 30 minutes. First sign-ins of new users.
    const signing = performance.now();
    const plan = Array.from({ length: available }, (_, i) => ({ userName: `other-${i}@${BENCH_DOMAIN}`, kind: 'create' as const }));
    const prepared = { signIns: signSignIns(keys, SP, plan) };
    await installSignIns(db, idp, prepared.signIns);
    console.log(`${provider}: signed ${prepared.signIns.length} responses in ${((performance.now() - signing) / 1000).toFixed(1)} s`);
    const [seededUsers, values, memberships, sessions] = await Promise.all([
      db.user.count({ where: { directoryId } }),
      db.userAttributeValue.count(),
      db.groupMembership.count(),
      db.userSession.count(),
    ]);
    console.log(
      `${provider}: ${seededUsers.toLocaleString('en-US')} users to delete (${values.toLocaleString('en-US')} values, ` +
        `${memberships.toLocaleString('en-US')} memberships, ${sessions.toLocaleString('en-US')} sessions), ready in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    // 1. Baseline: sign-ins with nothing else running (the first ones also warm the sign-in configuration cache).
    const baselineSignIns = prepared.signIns.slice(0, BASELINE_SIGN_INS);
    await paceSignIns(db, baselineSignIns.slice(0, 20), rate, () => true);
    const baseline = await paceSignIns(db, baselineSignIns.slice(20), rate, () => true);

    // 2. The deletion's short transaction.
    const deletionStarted = performance.now();
    const deletion = await deleteDirectory(db, actor, directoryId, seededUsers);
    const markMs = performance.now() - deletionStarted;
    if (deletion.status !== 'deleting' || !deletion.jobId) throw new Error(`unexpected deletion result ${JSON.stringify(deletion)}`);

    // 3. The job in a worker process, sign-ins here, until the job is done.
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--worker', database.url, deletion.jobId], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    let workerDone = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        workerDone = true;
        resolve(code);
      }),
    );
    const duringStarted = performance.now();
    const during = await paceSignIns(db, prepared.signIns.slice(BASELINE_SIGN_INS), rate, () => !workerDone);
    const coveredSeconds = (performance.now() - duringStarted) / 1000;
    const code = await exited;
    const totalSeconds = (performance.now() - deletionStarted) / 1000;
    if (code !== 0) throw new Error(`the job worker exited with ${code}`);

    // The work really happened, and only to the big directory.
    const progress = await getJobProgress(db, deletion.jobId);
    const [left, leftValues, leftSessions, directories, others] = await Promise.all([
      db.user.count({ where: { directoryId } }),
      db.userAttributeValue.count({ where: { userId: { startsWith: 'cbench' } } }),
      db.userSession.count({ where: { userId: { startsWith: 'cbench' } } }),
      db.directory.count({ where: { id: directoryId } }),
      db.user.count({ where: { domain: { name: BENCH_DOMAIN } } }),
    ]);
    const signedIn = baseline.latencies.length + during.latencies.length + 20;
    if (left + leftValues + leftSessions + directories !== 0 || progress?.done !== seededUsers || others < signedIn) {
      throw new Error(
        `Unexpected state after the run: ${left} users, ${leftValues} values, ${leftSessions} sessions, ${directories} directories left; ` +
          `job done ${progress?.done ?? '?'}; ${others} other users (expected ≥ ${signedIn})`,
      );
    }
    return { provider, users: seededUsers, markMs, totalSeconds, baseline, during, coveredSeconds };
  } finally {
    await database.drop();
  }
}

function printResults(results: Result[], rate: number): void {
  const ms = (value: number) => (Number.isNaN(value) ? '–' : value.toFixed(1));
  console.log(`\nDeleting a JIT directory in the background; sign-ins of another directory at ${rate}/s meanwhile`);
  const header = ['db', 'users', 'mark ms', 'total s', 'users/s', 'base p50', 'base p99', 'during p50', 'during p99', 'sign-ins', 'failed'];
  const lines = results.map((r) => [
    r.provider,
    r.users.toLocaleString('en-US'),
    ms(r.markMs),
    r.totalSeconds.toFixed(1),
    Math.round(r.users / r.totalSeconds).toLocaleString('en-US'),
    ms(percentile(r.baseline.latencies, 0.5)),
    ms(percentile(r.baseline.latencies, 0.99)),
    ms(percentile(r.during.latencies, 0.5)),
    ms(percentile(r.during.latencies, 0.99)),
    `${r.during.latencies.length}${r.during.exhausted ? ` (first ${r.coveredSeconds.toFixed(0)} s)` : ''}`,
    String(r.during.failures + r.baseline.failures),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)));
  const format = (cells: string[]) =>
    cells.map((cell, column) => (column < 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
  console.log(
    '\nmark ms = deleteDirectory (mark deleting, JIT off, audit, enqueue: what the admin waits for); total s = from then until the job' +
      ' is done;\nbase = sign-in latency (ms, from its scheduled start) with nothing else running; during = while the job runs.',
  );
}

async function main(): Promise<void> {
  const users = usersFlag(ARGS, 1_000_000);
  const rate = numberFlag('--rate', 20);
  const available = Math.max(numberFlag('--signins', 3_000), BASELINE_SIGN_INS + 100);
  const providers = (process.env.BENCH_PROVIDERS ?? 'sqlite,postgresql')
    .split(',')
    .filter((p): p is DatabaseProvider => p === 'sqlite' || p === 'postgresql');
  const load = loadAverage;
  console.log(`Load average at start: ${load()}`);
  const keys = generateTestKeyPair('idp.bench.test');
  const results: Result[] = [];
  for (const provider of providers) results.push(await benchProvider(provider, users, rate, keys, available));
  printResults(results, rate);
  console.log(`\nLoad average at end: ${load()} (2 cores)`);
}

const workerIndex = ARGS.indexOf('--worker');
const run = workerIndex === -1 ? main() : runWorker(ARGS[workerIndex + 1] ?? '', ARGS[workerIndex + 2] ?? '');
run.then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:directory-delete failed:', error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
