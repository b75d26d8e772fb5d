/**
 * The driver adapter workarounds and the engine host, against a temp SQLite file and a
 * scratch PostgreSQL database (created and dropped here).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHost } from './engine.ts';
import { createMigrationsTable } from './migrations-table.ts';
import { PostgresFactory } from './postgres.ts';
import { resetSqlite, SqliteFactory } from './sqlite.ts';
import { createPgDatabase, dropPgDatabase, listDatabases, PG_SERVER, repoRoot, uniqueName, withPg } from './test-support.ts';

const TIMEOUT = 30_000;
const noArgs = { args: [], argTypes: [] };
const filters = { externalTables: [], externalEnums: [] };

function emptyMigrationsList(baseDir: string) {
  return { baseDir, lockfile: { path: 'migration_lock.toml', content: null }, shadowDbInitScript: '', migrationDirectories: [] };
}

async function using<T>(adapter: SqlDriverAdapter, work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> {
  try {
    return await work(adapter);
  } finally {
    await adapter.dispose();
  }
}

describe('SQLite', { timeout: TIMEOUT }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-se-adapters-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs multi-statement SQL without arguments as a script (better-sqlite3 prepares one statement)', async () => {
    const factory = new SqliteFactory(`file:${join(dir, 'nested', 'multi.db')}`);
    await using(await factory.connect(), async (adapter) => {
      await adapter.executeRaw({ sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE b (y INTEGER);', ...noArgs });
      await adapter.queryRaw({ sql: "INSERT INTO a VALUES (1); INSERT INTO b VALUES ('2');", ...noArgs });
      const { rows } = await adapter.queryRaw({ sql: 'SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b)', ...noArgs });
      expect(rows).toEqual([[2]]);
    });
  });

  it('reset drops tables, views and triggers, keeping external tables', async () => {
    const factory = new SqliteFactory(`file:${join(dir, 'reset.db')}`);
    await using(await factory.connect(), async (adapter) => {
      await adapter.executeScript(`
        CREATE TABLE parent (id INTEGER PRIMARY KEY);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id));
        CREATE TABLE outside (id INTEGER);
        CREATE INDEX child_parent ON child(parent);
        CREATE VIEW v AS SELECT * FROM child;
        CREATE TRIGGER t AFTER INSERT ON parent BEGIN SELECT 1; END;
        INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);`);
      await resetSqlite(adapter, ['outside']);
      const { rows } = await adapter.queryRaw({ sql: "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'", ...noArgs });
      expect(rows).toEqual([['table', 'outside']]);
    });
  });

  it('treats a database without _prisma_migrations as having no history, and creates the table like the engine', async () => {
    const schema = join(repoRoot, 'prisma/sqlite/schema.prisma');
    const host = (file: string) =>
      EngineHost.create({
        datamodels: [[schema, readFileSync(schema, 'utf8')]],
        datasource: { url: `file:${join(dir, file)}` },
        print: async () => {},
        log: () => {},
      });
    const list = {
      ...emptyMigrationsList(dir),
      migrationDirectories: [
        { path: '1_a', migrationFile: { path: 'migration.sql', content: { tag: 'ok' as const, value: 'SELECT 1;' } } },
      ],
    };

    const fresh = await host('fresh.db');
    expect(await fresh.call('diagnoseMigrationHistory', { migrationsList: list, optInToShadowDatabase: false, filters })).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: false,
      history: { diagnostic: 'databaseIsBehind', unappliedMigrationNames: ['1_a'] },
    });

    // The engine creates the table when it applies migrations; ours must be the same table.
    await fresh.close();
    const byEngine = await host('by-engine.db');
    await byEngine.call('applyMigrations', { migrationsList: emptyMigrationsList(dir), filters });
    await byEngine.close();
    const ours = new SqliteFactory(`file:${join(dir, 'by-us.db')}`);
    await ours.withConnection(createMigrationsTable);
    const ddl = async (file: string) =>
      new SqliteFactory(`file:${join(dir, file)}`).withConnection(
        async (adapter) =>
          (await adapter.queryRaw({ sql: "SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'", ...noArgs })).rows,
      );
    expect(await ddl('by-us.db')).toEqual(await ddl('by-engine.db'));
  });
});

describe('PostgreSQL', { timeout: TIMEOUT }, () => {
  const database = uniqueName('gatehouse_se_adapters');
  const url = `${PG_SERVER}/${database}`;

  beforeAll(() => createPgDatabase(database));
  afterAll(() => dropPgDatabase(database));

  it('reads catalog columns of type "char" (reported as text)', async () => {
    await using(await new PostgresFactory(url).connect(), async (adapter) => {
      const { rows } = await adapter.queryRaw({ sql: `SELECT 'p'::"char" AS kind`, ...noArgs });
      expect(rows).toEqual([['p']]);
    });
  });

  it('runs scripts whole, so semicolons inside strings and bodies survive', async () => {
    await using(await new PostgresFactory(url).connect(), async (adapter) => {
      await adapter.executeScript(`
        CREATE TABLE semi (note TEXT DEFAULT 'a;b');
        CREATE FUNCTION two() RETURNS INTEGER AS $$ BEGIN RETURN 1 + 1; END; $$ LANGUAGE plpgsql;
        INSERT INTO semi DEFAULT VALUES;`);
      const { rows } = await adapter.queryRaw({ sql: 'SELECT note, two() FROM semi', ...noArgs });
      expect(rows).toEqual([['a;b', 2]]);
      await expect(adapter.executeScript('SELECT * FROM missing_table')).rejects.toMatchObject({ name: 'DriverAdapterError' });
    });
  });

  it('creates the shadow database beside the main one, and drops it on dispose', async () => {
    const factory = new PostgresFactory(url);
    const before = await listDatabases('prisma_migrate_shadow_db_%');
    const shadow = await factory.connectToShadowDb();
    const { rows } = await shadow.queryRaw({ sql: 'SELECT current_database()', ...noArgs });
    const name = String(rows[0]?.[0]);
    expect(name).toMatch(/^prisma_migrate_shadow_db_/);
    expect(name).not.toBe(database);
    expect(before).not.toContain(name);
    await shadow.dispose();
    expect(await listDatabases(name)).toEqual([]);
  });

  it('drops shadow databases the engine left behind', async () => {
    const factory = new PostgresFactory(url);
    const shadow = await factory.connectToShadowDb();
    const name = String((await shadow.queryRaw({ sql: 'SELECT current_database()', ...noArgs })).rows[0]?.[0]);
    await factory.close();
    expect(await listDatabases(name)).toEqual([]);
  });

  it('creates _prisma_migrations like the engine does', async () => {
    const engineDb = uniqueName('gatehouse_se_engine');
    await createPgDatabase(engineDb);
    try {
      const schema = join(repoRoot, 'prisma/postgresql/schema.prisma');
      const host = await EngineHost.create({
        datamodels: [[schema, readFileSync(schema, 'utf8')]],
        datasource: { url: `${PG_SERVER}/${engineDb}` },
        print: async () => {},
        log: () => {},
      });
      await host.call('applyMigrations', { migrationsList: emptyMigrationsList('/nonexistent'), filters });
      await host.close();
      await new PostgresFactory(url).withConnection(createMigrationsTable);
      const columns = (db: string) =>
        withPg(
          db,
          async (client) =>
            (
              await client.query<Record<string, unknown>>(
                `SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
             FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
              )
            ).rows,
        );
      expect(await columns(database)).toEqual(await columns(engineDb));
    } finally {
      await dropPgDatabase(engineDb);
    }
  });
});
