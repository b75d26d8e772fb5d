/**
 * The real Prisma CLI, run against fresh PostgreSQL databases (127.0.0.1) through the
 * stand-in engine. Every database is created and dropped here; shadow databases must not leak.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPgDatabase,
  createProject,
  dropPgDatabase,
  leakedShadowDatabases,
  listDatabases,
  PG_SERVER,
  sha256File,
  uniqueName,
  withPg,
  type Project,
} from './test-support.ts';

const TIMEOUT = 60_000;

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

async function tables(database: string): Promise<string[]> {
  return withPg(database, async (client) => {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((row) => row.tablename);
  });
}

function migrationNames(project: Project): string[] {
  return readdirSync(project.migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

describe('Prisma CLI on PostgreSQL through the WASM schema engine', { timeout: TIMEOUT }, () => {
  const database = uniqueName('gatehouse_se_cli');
  const pushDatabase = uniqueName('gatehouse_se_push');
  let project: Project;
  /** The repository's committed migrations, however many there are. */
  let committedCount = 0;
  let shadowsBefore: string[];

  beforeAll(async () => {
    shadowsBefore = await listDatabases('prisma_migrate_shadow_db_%');
    project = createProject('postgresql', `${PG_SERVER}/${database}`);
    committedCount = migrationNames(project).length;
  });

  afterAll(async () => {
    project.remove();
    await dropPgDatabase(database);
    await dropPgDatabase(pushDatabase);
    expect(await listDatabases(`gatehouse_se_%_${process.pid}_%`)).toEqual([]);
  });

  it('migrate deploy creates the database and applies the committed migrations', async () => {
    const result = await project.prisma(['migrate', 'deploy']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain(`PostgreSQL database ${database} created at 127.0.0.1:5432`);
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    expect(await tables(database)).toEqual(expect.arrayContaining(['IdentityProvider', 'User', 'AuditEvent', '_prisma_migrations']));

    const committed = migrationNames(project);
    expect(committed.length).toBeGreaterThan(0);
    const rows = await withPg(
      database,
      async (client) =>
        (await client.query<MigrationRow>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations'))
          .rows,
    );
    expect([...rows].sort((a, b) => a.migration_name.localeCompare(b.migration_name))).toEqual(
      committed.map((name) => ({
        migration_name: name,
        checksum: sha256File(join(project.migrationsDir, name, 'migration.sql')),
        finished_at: expect.any(Date),
        applied_steps_count: 1,
      })),
    );
  });

  it('migrate status says the database is up to date', async () => {
    const result = await project.prisma(['migrate', 'status']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('Database schema is up to date!');
  });

  it('migrate diff replays the migrations on a shadow database, and drops it', async () => {
    const result = await project.prisma(['migrate', 'diff', '--from-migrations', 'migrations', '--to-schema', 'schema.prisma', '--script']);
    expect(result.code, result.output).toBe(0);
    expect(result.stdout).toContain('-- This is an empty migration.');

    const fromDatabase = await project.prisma([
      'migrate',
      'diff',
      '--from-config-datasource',
      '--to-schema',
      'schema.prisma',
      '--exit-code',
    ]);
    expect(fromDatabase.code, fromDatabase.output).toBe(0);
    expect(await leakedShadowDatabases(shadowsBefore)).toEqual([]);
  });

  it('migrate dev creates and applies a second migration, and drops its shadow database', async () => {
    appendFileSync(project.schemaPath, '\nmodel Probe {\n  id    String @id\n  label String?\n}\n');
    const result = await project.prisma(['migrate', 'dev', '--name', 'probe']);
    expect(result.code, result.output).toBe(0);

    const names = migrationNames(project);
    expect(names).toHaveLength(committedCount + 1);
    const probe = names.at(-1)!;
    expect(probe).toMatch(/^\d{14}_probe$/);
    expect(readFileSync(join(project.migrationsDir, probe, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Probe"');
    expect(await tables(database)).toContain('Probe');
    const applied = await withPg(
      database,
      async (client) =>
        (await client.query<MigrationRow>('SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name')).rows,
    );
    expect(applied.map((row) => row.migration_name)).toEqual(names);
    expect(applied.at(-1)?.checksum).toBe(sha256File(join(project.migrationsDir, probe, 'migration.sql')));

    const again = await project.prisma(['migrate', 'dev']);
    expect(again.code, again.output).toBe(0);
    expect(again.stdout).toContain('Already in sync');
    expect(await leakedShadowDatabases(shadowsBefore)).toEqual([]);
  });

  it('migrate reset --force drops everything and reapplies the migrations', async () => {
    await withPg(database, (client) => client.query(`CREATE TABLE "Stray" (x INTEGER); INSERT INTO "Probe" (id) VALUES ('gone')`));
    const result = await project.prisma(['migrate', 'reset', '--force']);
    expect(result.code, result.output).toBe(0);
    const after = await tables(database);
    expect(after).not.toContain('Stray');
    expect(after).toEqual(expect.arrayContaining(['Probe', 'User', '_prisma_migrations']));
    const counts = await withPg(database, async (client) => ({
      probes: (await client.query('SELECT * FROM "Probe"')).rowCount,
      migrations: (await client.query('SELECT * FROM _prisma_migrations')).rowCount,
    }));
    expect(counts).toEqual({ probes: 0, migrations: committedCount + 1 });
  });

  it('db push creates the tables of an existing empty database without migration history', async () => {
    await createPgDatabase(pushDatabase);
    const result = await project.prisma(['db', 'push'], { DATABASE_URL: `${PG_SERVER}/${pushDatabase}` });
    expect(result.code, result.output).toBe(0);
    const pushed = await tables(pushDatabase);
    expect(pushed).toEqual(expect.arrayContaining(['IdentityProvider', 'Probe', 'SamlStoreIndex']));
    expect(pushed).not.toContain('_prisma_migrations');
  });

  it('an unreachable server is reported as P1001', async () => {
    const result = await project.prisma(['migrate', 'status'], { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('P1001');
    expect(result.output).toContain("Can't reach database server at `127.0.0.1:1`");
  });
});
