/**
 * Databases for integration tests. The Vitest global setup migrates one template per provider
 * with the real CLI (`prisma migrate deploy` through our offline schema engine); each test file
 * then gets its own copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL) and
 * drops it afterwards. Only local PostgreSQL servers are accepted.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../db';
import type { DatabaseProvider } from '../env';

export const TEST_PROVIDERS: DatabaseProvider[] = ['sqlite', 'postgresql'];

/** The PostgreSQL server tests may use: local only, whatever the environment says. */
export function testPostgresUrl(database = 'postgres'): string {
  const url = new URL(process.env.GATEHOUSE_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against a non-local database server: ${url.hostname}`);
  }
  url.pathname = `/${database}`;
  return url.toString();
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function postgresAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations to a database with the real Prisma CLI. */
export function migrateDeploy(url: string): void {
  const result = spawnSync(join(process.cwd(), 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
}

export type TemplateDatabases = { sqlite: string; postgresql: string };

export async function createTemplates(): Promise<{ templates: TemplateDatabases; dispose: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-test-'));
  const sqliteFile = join(dir, 'template.db');
  const pgName = uniqueName('gatehouse_tmpl');
  const dispose = async () => {
    rmSync(dir, { recursive: true, force: true });
    await postgresAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${pgName}" WITH (FORCE)`));
  };
  try {
    migrateDeploy(`file:${sqliteFile}`);
    await postgresAdmin((c) => c.query(`CREATE DATABASE "${pgName}"`));
    migrateDeploy(testPostgresUrl(pgName));
  } catch (error) {
    await dispose();
    throw error;
  }
  return { templates: { sqlite: sqliteFile, postgresql: pgName }, dispose };
}

export type TestDatabase = { provider: DatabaseProvider; url: string; db: Db; drop: () => Promise<void> };

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(provider: DatabaseProvider, templates: TemplateDatabases): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-db-'));
    const file = join(dir, 'test.db');
    copyFileSync(templates.sqlite, file);
    const url = `file:${file}`;
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      drop: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = uniqueName('gatehouse_test');
  await postgresAdmin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templates.postgresql}"`));
  const url = testPostgresUrl(name);
  const db = createDb(url);
  return {
    provider,
    url,
    db,
    drop: async () => {
      await db.$disconnect();
      await postgresAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** A database migrated from scratch (benchmarks): `name` is the SQLite file or the PostgreSQL database name. */
export type MigratedDatabase = TestDatabase & { name: string };

export async function createMigratedDatabase(provider: DatabaseProvider, prefix: string): Promise<MigratedDatabase> {
  let url: string;
  let name: string;
  let remove: () => Promise<void>;
  if (provider === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    name = join(dir, 'bench.db');
    url = `file:${name}`;
    remove = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const database = uniqueName(prefix.replace(/-/g, '_'));
    await postgresAdmin((c) => c.query(`CREATE DATABASE "${database}"`));
    name = database;
    url = testPostgresUrl(database);
    remove = () => postgresAdmin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)).then(() => undefined);
  }
  try {
    migrateDeploy(url);
  } catch (error) {
    await remove();
    throw error;
  }
  const db = createDb(url);
  return {
    provider,
    url,
    name,
    db,
    drop: async () => {
      await db.$disconnect();
      await remove();
    },
  };
}
