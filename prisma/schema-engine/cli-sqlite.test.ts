/**
 * The real Prisma CLI, run against a temp SQLite database through the stand-in engine.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, sha256File, type Project } from './test-support.ts';

const TIMEOUT = 60_000;

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as Array<{ name: string }>;
    return rows.map((row) => row.name);
  } finally {
    db.close();
  }
}

function query<T>(file: string, sql: string): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

function exec(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

function migrationNames(project: Project): string[] {
  return readdirSync(project.migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('Prisma CLI on SQLite through the WASM schema engine', { timeout: TIMEOUT }, () => {
  let project: Project;
  /** The repository's committed migrations, however many there are. */
  let committedCount = 0;
  // Relative, like the default `file:./data/gatehouse.db`: resolved against the config's
  // directory, and its missing directory created.
  const dbFile = (): string => join(project.dir, 'data', 'test.db');

  beforeAll(() => {
    project = createProject('sqlite', 'file:./data/test.db');
    committedCount = migrationNames(project).length;
  });
  afterAll(() => project.remove());

  it('migrate deploy creates the database and applies the committed migrations', async () => {
    const result = await project.prisma(['migrate', 'deploy']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('SQLite database test.db created at file:./data/test.db');
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    expect(tables(dbFile())).toEqual(expect.arrayContaining(['IdentityProvider', 'User', 'AuditEvent', '_prisma_migrations']));

    const committed = migrationNames(project);
    expect(committed.length).toBeGreaterThan(0);
    const rows = query<{ migration_name: string; checksum: string; finished_at: string | null; applied_steps_count: number }>(
      dbFile(),
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations',
    );
    expect([...rows].sort((a, b) => a.migration_name.localeCompare(b.migration_name))).toEqual(
      committed.map((name) => ({
        migration_name: name,
        checksum: sha256File(join(project.migrationsDir, name, 'migration.sql')),
        finished_at: expect.any(String),
        applied_steps_count: 1,
      })),
    );
  });

  it('migrate status says the database is up to date', async () => {
    const result = await project.prisma(['migrate', 'status']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('Database schema is up to date!');
  });

  it('migrate diff prints SQL, and finds the migrations in sync with the database', async () => {
    const fromEmpty = await project.prisma(['migrate', 'diff', '--from-empty', '--to-schema', 'schema.prisma', '--script']);
    expect(fromEmpty.code, fromEmpty.output).toBe(0);
    expect(fromEmpty.stdout).toContain('CREATE TABLE "IdentityProvider"');

    const fromDatabase = await project.prisma([
      'migrate',
      'diff',
      '--from-config-datasource',
      '--to-schema',
      'schema.prisma',
      '--exit-code',
    ]);
    expect(fromDatabase.code, fromDatabase.output).toBe(0);
    expect(fromDatabase.stdout).toContain('No difference detected.');
  });

  it('migrate dev creates and applies a second migration for a schema change', async () => {
    appendFileSync(project.schemaPath, '\nmodel Probe {\n  id    String @id\n  label String?\n}\n');
    const result = await project.prisma(['migrate', 'dev', '--name', 'probe']);
    expect(result.code, result.output).toBe(0);

    const names = migrationNames(project);
    expect(names).toHaveLength(committedCount + 1);
    const probe = names.at(-1)!;
    expect(probe).toMatch(/^\d{14}_probe$/);
    const sql = readFileSync(join(project.migrationsDir, probe, 'migration.sql'), 'utf8');
    expect(sql).toContain('CREATE TABLE "Probe"');
    expect(tables(dbFile())).toContain('Probe');
    const applied = query<{ migration_name: string; checksum: string }>(
      dbFile(),
      'SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(applied.map((row) => row.migration_name)).toEqual(names);
    expect(applied.at(-1)?.checksum).toBe(sha256File(join(project.migrationsDir, probe, 'migration.sql')));

    const again = await project.prisma(['migrate', 'dev']);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain('Already in sync');
  });

  it('migrate reset --force drops everything and reapplies the migrations', async () => {
    exec(dbFile(), `CREATE TABLE "Stray" (x INTEGER); INSERT INTO "Probe" (id) VALUES ('kept?');`);
    const result = await project.prisma(['migrate', 'reset', '--force']);
    expect(result.code, result.output).toBe(0);
    const after = tables(dbFile());
    expect(after).not.toContain('Stray');
    expect(after).toEqual(expect.arrayContaining(['Probe', 'User', '_prisma_migrations']));
    expect(query(dbFile(), 'SELECT * FROM "Probe"')).toEqual([]);
    expect(query(dbFile(), 'SELECT migration_name FROM _prisma_migrations')).toHaveLength(committedCount + 1);
  });

  it('db push creates the tables of a fresh database without migration history', async () => {
    const result = await project.prisma(['db', 'push'], { DATABASE_URL: 'file:./push/pushed.db' });
    expect(result.code, result.output).toBe(0);
    const pushed = join(project.dir, 'push', 'pushed.db');
    expect(existsSync(pushed)).toBe(true);
    expect(tables(pushed)).toEqual(expect.arrayContaining(['IdentityProvider', 'Probe', 'SamlStoreIndex']));
    expect(tables(pushed)).not.toContain('_prisma_migrations');
  });

  it('a failing migration is reported as P3018 with its name and the database error', async () => {
    const bad = createProject('sqlite', 'file:./bad.db');
    try {
      const dir = join(bad.migrationsDir, '99999999999999_bad');
      mkdirSync(dir);
      writeFileSync(join(dir, 'migration.sql'), 'CREATE TABLE "Fine" (x INTEGER);\nSELEC oops;\n');
      const result = await bad.prisma(['migrate', 'deploy']);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain('P3018');
      expect(result.output).toContain('Migration name: 99999999999999_bad');
      expect(result.output).toContain('near "SELEC": syntax error');
    } finally {
      bad.remove();
    }
  });
});
