/**
 * `npm start` (and `npm run dev` with --dev): prepare and run Gatehouse.
 *   1. read .env, validate the environment (fail fast, readably);
 *   2. apply database migrations (offline schema engine) and seed the defaults;
 *   3. create the first admin from the environment, or print a one-time setup link;
 *   4. build when the production build is missing or older than the sources; start the web server (Next.js in
 *      lib/cli/server.ts) and, beside it, the background job worker (lib/cli/worker.ts), restarted if it dies and
 *      stopped with the launcher.
 * Run with `node --conditions=react-server --import tsx` (see package.json).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname } from 'node:path';
import { EnvError, databaseProvider, DEFAULT_DATABASE_URL, parseEnv, type Env } from '../env';
import { sqlitePath } from '../sqlite-path';
import type { FirstRun } from '../setup/first-run';

const root = process.cwd();
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const dev = process.argv.includes('--dev');

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

/** In SQLite (single-instance) mode a missing secret is generated once and kept beside the database. */
function ensureSecret(): void {
  if (process.env.GATEHOUSE_SECRET) return;
  const url = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  if (databaseProvider(url) !== 'sqlite') return; // several instances must share one secret: env validation says so
  const file = join(dirname(sqlitePath(url)), 'secret');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  process.env.GATEHOUSE_SECRET = readFileSync(file, 'utf8').trim();
}

/** Seeding and first-run setup run in a child process, so this launcher stays small while Next.js serves. */
function prepareDatabase(): FirstRun {
  const result = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', join(root, 'lib', 'cli', 'prepare-database.ts')],
    {
      env: process.env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = result.stdout.trim().split('\n').pop() ?? '';
  if (result.status !== 0 || !line) fail('Preparing the database failed; see the output above.');
  return JSON.parse(line) as FirstRun;
}

function migrate(env: Env): void {
  const result = spawnSync(bin('prisma'), ['migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: env.DATABASE_URL },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    fail(`Database migration failed (${env.databaseProvider}):\n${result.stdout}${result.stderr}`);
  }
  const applied = /(\d+) migrations? (?:found|applied)/.exec(result.stdout);
  console.log(`Database ready (${env.databaseProvider})${applied ? `: ${applied[0]}` : ''}.`);
}

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'next.config.js', 'tsconfig.json', 'postcss.config.mjs'];

function newestSourceMtime(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

function buildIfNeeded(): void {
  const buildId = join(root, '.next', 'BUILD_ID');
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newestSourceMtime()) return;
  console.log('Building Gatehouse (first start or sources changed)…');
  const result = spawnSync(bin('next'), ['build'], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) fail('The build failed; see the output above.');
}

const WORKER_RESTART_MS = 5_000;
const WORKER_STOP_TIMEOUT_MS = 15_000;

/** The job worker, as a child process like prepare-database: restarted after a pause if it dies on its own. */
function startWorker(env: Env): { stop(signal: NodeJS.Signals): Promise<void> } {
  let worker: ChildProcess | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const launch = () => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', join(root, 'lib', 'cli', 'worker.ts')], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DATABASE_URL: env.DATABASE_URL, NODE_ENV: dev ? 'development' : 'production' },
    });
    worker = child;
    child.on('exit', (code, signal) => {
      if (worker === child) worker = null;
      if (stopping) return;
      console.error(
        `The job worker stopped unexpectedly (${signal ?? `exit code ${code}`}); restarting it in ${WORKER_RESTART_MS / 1000} s.`,
      );
      restartTimer = setTimeout(launch, WORKER_RESTART_MS);
    });
  };
  launch();
  return {
    stop(signal) {
      stopping = true;
      clearTimeout(restartTimer);
      const child = worker;
      if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        // The worker lets its current batch finish; one stuck for long is killed.
        const force = setTimeout(() => child.kill('SIGKILL'), WORKER_STOP_TIMEOUT_MS);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill(signal);
      });
    },
  };
}

async function main(): Promise<void> {
  if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));
  ensureSecret();
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }

  migrate(env);
  const firstRun = prepareDatabase();

  if (!dev) buildIfNeeded();

  const port = process.env.PORT || new URL(env.GATEHOUSE_URL).port || '3000';
  console.log(`\nGatehouse console: ${env.GATEHOUSE_URL}/admin`);
  if (firstRun.state === 'admin-created') console.log(`First administrator created: ${firstRun.email}`);
  if (firstRun.state === 'setup-link') {
    console.log(`\nNo administrator yet. Create the first one with this one-time link (valid 24 hours):\n\n  ${firstRun.url}\n`);
  }

  const worker = startWorker(env);
  // Gatehouse's own server around Next.js (lib/cli/server.ts): it records each request's client address.
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'lib', 'cli', 'server.ts'), ...(dev ? ['--dev'] : [])], {
    stdio: 'inherit',
    env: {
      ...process.env,
      PORT: port,
      DATABASE_URL: env.DATABASE_URL,
      NEXTAUTH_URL: env.GATEHOUSE_URL,
      NODE_ENV: dev ? 'development' : 'production',
    },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      child.kill(signal);
      void worker.stop(signal);
    });
  }
  child.on('exit', (code, signal) => {
    void worker.stop('SIGTERM').then(() => process.exit(code ?? (signal ? 1 : 0)));
  });
}

main().catch((error: unknown) => fail(`Gatehouse failed to start: ${error instanceof Error ? error.message : String(error)}`));
