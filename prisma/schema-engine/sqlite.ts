/**
 * SQLite through @prisma/adapter-better-sqlite3, adjusted for the WASM schema engine.
 */
import { existsSync, mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { sqliteDirectory, sqliteLocation, type SqliteLocation } from './datasource.ts';
import { KnownError } from './errors.ts';
import { PatchedAdapter, type Patches } from './patched-adapter.ts';

/** better-sqlite3 prepares one statement per call and throws this for more. */
function isMultiStatementError(error: unknown): boolean {
  return error instanceof RangeError && /more than one statement/.test(error.message);
}

const PATCHES: Patches = { isMultiStatementError };

export class SqliteFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'sqlite';
  readonly adapterName = '@prisma/adapter-better-sqlite3';
  private readonly location: SqliteLocation;
  private readonly shadow: SqliteLocation | undefined;
  /** Main-database connections the engine holds; reset() reuses one (see resetSqlite). */
  private readonly open = new Set<SqlDriverAdapter>();

  constructor(url: string, shadowDatabaseUrl?: string) {
    this.location = sqliteLocation(url);
    this.shadow = shadowDatabaseUrl ? sqliteLocation(shadowDatabaseUrl) : undefined;
  }

  async connect(): Promise<SqlDriverAdapter> {
    ensureDirectory(this.location);
    const inner = await new PrismaBetterSqlite3({ url: this.location.path }).connect();
    const adapter: SqlDriverAdapter = new PatchedAdapter(inner, {
      ...PATCHES,
      afterDispose: async () => void this.open.delete(adapter),
    });
    this.open.add(adapter);
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    // The adapter's default shadow database is in memory; a configured one is used as is.
    const options = this.shadow ? { shadowDatabaseUrl: this.shadow.path } : undefined;
    const inner = await new PrismaBetterSqlite3({ url: this.location.path }, options).connectToShadowDb();
    return new PatchedAdapter(inner, PATCHES);
  }

  /** Closes the connections the engine did not dispose of. */
  async close(): Promise<void> {
    await Promise.all([...this.open].map((adapter) => adapter.dispose()));
  }

  /**
   * Runs `work` on a connection to the main database: the engine's own when it has one,
   * because once it has applied migrations it holds SQLite's lock in EXCLUSIVE mode.
   */
  async withConnection<T>(work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> {
    const [existing] = this.open;
    if (existing) return work(existing);
    const adapter = await this.connect();
    try {
      return await work(adapter);
    } finally {
      await adapter.dispose();
    }
  }
}

function ensureDirectory(location: SqliteLocation): void {
  const directory = sqliteDirectory(location);
  if (directory) mkdirSync(directory, { recursive: true });
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Empties the database, as the native engine's reset does by truncating the file: drops
 * every view, trigger and table (with its indexes), but the external ones.
 */
export async function resetSqlite(adapter: SqlDriverAdapter, keepTables: readonly string[] = []): Promise<void> {
  const result = await adapter.queryRaw({
    sql: "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger', 'table') AND name NOT LIKE 'sqlite_%'",
    args: [],
    argTypes: [],
  });
  const order = ['trigger', 'view', 'table'];
  const drops = result.rows
    .map(([type, name]) => ({ type: String(type), name: String(name) }))
    .filter(({ type, name }) => !(type === 'table' && keepTables.includes(name)))
    .sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))
    .map(({ type, name }) => `DROP ${type.toUpperCase()} IF EXISTS ${quoteIdentifier(name)};`);
  if (drops.length === 0) return;
  // Foreign keys off, or dropping a referenced table would first delete (and check) its rows.
  await adapter.executeScript(['PRAGMA foreign_keys = OFF;', ...drops, 'PRAGMA foreign_keys = ON;'].join('\n'));
}

/** `cli can-connect-to-database`: a missing file is P1003, which makes the CLI create it. */
export function canConnectSqlite(url: string): void {
  const location = sqliteLocation(url);
  if (location.path === ':memory:') return;
  if (!existsSync(location.path)) {
    throw new KnownError('P1003', `Database \`${location.fileName}\` does not exist at \`${location.path}\``);
  }
  new Database(location.path, { fileMustExist: true }).close();
}

/** `cli create-database`: creates the file (and its directory). */
export function createSqliteDatabase(url: string): string {
  const location = sqliteLocation(url);
  ensureDirectory(location);
  new Database(location.path).close();
  return location.fileName;
}
