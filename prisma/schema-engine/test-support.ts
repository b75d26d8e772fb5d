/**
 * Helpers for the stand-in's tests: throw-away Prisma projects (config, schema and migrations
 * copied into a temp dir), the real Prisma CLI, and scratch PostgreSQL databases.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { testPostgresUrl } from '../../lib/testing/databases';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
export const engineBinary = join(here, 'bin/schema-engine');
const prismaBin = join(repoRoot, 'node_modules/.bin/prisma');

export type TestProvider = 'sqlite' | 'postgresql';

/** Tests only ever talk to the local server (testPostgresUrl refuses any other). */
export const PG_SERVER = testPostgresUrl('').replace(/\/$/, '');

export interface Project {
  dir: string;
  url: string;
  schemaPath: string;
  migrationsDir: string;
  /** Runs `prisma <args>` in the project. */
  prisma(args: string[], env?: Record<string, string>): Promise<CliResult>;
  remove(): void;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout + stderr, for assertions on what a user would read. */
  output: string;
}

/** A config without imports: the temp dir cannot resolve `prisma/config`. */
const CONFIG = `export default {
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL },
};
`;

export function createProject(provider: TestProvider, url: string): Project {
  const dir = mkdtempSync(join(tmpdir(), `gatehouse-se-${provider}-`));
  const schemaPath = join(dir, 'schema.prisma');
  const migrationsDir = join(dir, 'migrations');
  cpSync(join(repoRoot, 'prisma', provider, 'schema.prisma'), schemaPath);
  cpSync(join(repoRoot, 'prisma', provider, 'migrations'), migrationsDir, { recursive: true });
  writeFileSync(join(dir, 'prisma.config.ts'), CONFIG);
  return {
    dir,
    url,
    schemaPath,
    migrationsDir,
    prisma: (args, env = {}) => runPrisma(dir, args, { DATABASE_URL: url, ...env }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function runPrisma(cwd: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      prismaBin,
      args,
      {
        cwd,
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: engineBinary,
          CHECKPOINT_DISABLE: '1',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          NO_COLOR: '1',
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function withPg<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/${database}` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Names of the databases on the server that match a LIKE pattern. */
export function listDatabases(pattern: string): Promise<string[]> {
  return withPg('postgres', async (client) => {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern]);
    return rows.map((row) => row.datname);
  });
}

export async function dropPgDatabase(name: string): Promise<void> {
  await withPg('postgres', (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export async function createPgDatabase(name: string): Promise<void> {
  await withPg('postgres', (client) => client.query(`CREATE DATABASE "${name}"`));
}

/**
 * Shadow databases created since `before` and still there: another process's short-lived
 * shadow database may exist for a moment, so anything new is looked at twice.
 */
export async function leakedShadowDatabases(before: readonly string[]): Promise<string[]> {
  const fresh = async (): Promise<string[]> => (await listDatabases('prisma_migrate_shadow_db_%')).filter((name) => !before.includes(name));
  if ((await fresh()).length === 0) return [];
  await new Promise((resolveDelay) => setTimeout(resolveDelay, 3000));
  return fresh();
}
