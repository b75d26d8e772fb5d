import 'server-only';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { sqlitePath } from './sqlite-path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import Database from 'better-sqlite3';
import { databaseProvider, getEnv } from './env';
import { PrismaClient as SqliteClient } from './generated/prisma-sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/prisma-postgresql/client.ts';

/**
 * Both generated clients share one model API (they come from one source schema), so the SQLite
 * client's type stands for both. Code must stay within what both databases support.
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

/**
 * Plain error messages: the default ("colorless") captures a stack trace at every query to point at the calling
 * line, which costs more than some of the queries on the sign-in path. Errors still carry their code and meta.
 */
const ERROR_FORMAT = 'minimal';

export function createDb(url: string): Db {
  if (databaseProvider(url) === 'postgresql') {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter, errorFormat: ERROR_FORMAT }) as unknown as Db;
  }
  const path = sqlitePath(url);
  mkdirSync(dirname(path), { recursive: true });
  // WAL lets readers proceed while one writer commits; it is a property of the file, set once.
  const raw = new Database(path);
  raw.pragma('journal_mode = WAL');
  raw.close();
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 10_000 });
  return new SqliteClient({ adapter, errorFormat: ERROR_FORMAT });
}

/** Prisma's client knows its provider (both generated clients set it): for the few statements that differ. */
export function isPostgres(db: Db): boolean {
  return '_activeProvider' in db && db._activeProvider === 'postgresql';
}

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };

/** The one Prisma client of the process, created on first use (so importing this module needs no database). */
export function getDb(): Db {
  globalForDb.gatehouseDb ??= createDb(getEnv().DATABASE_URL);
  return globalForDb.gatehouseDb;
}
