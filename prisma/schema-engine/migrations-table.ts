/**
 * The `_prisma_migrations` table. The WASM engine (this version) fails with "The underlying
 * table for model `_prisma_migrations` does not exist" wherever the native engine treats a
 * missing table as "no migration history yet", so engine.ts checks for it first.
 */
import type { SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { Provider } from './datasource.ts';

/** The engine's own DDL (sql-schema-connector `create_migrations_table`), verbatim. */
const DDL: Record<Provider, string> = {
  sqlite: `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`,
  postgres: `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`,
};

const EXISTS: Record<Provider, string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'",
  // Resolved through the search path, as the engine's unqualified queries are.
  postgres: "SELECT relname FROM pg_class WHERE oid = to_regclass('_prisma_migrations')",
};

function providerOf(adapter: SqlDriverAdapter): Provider {
  if (adapter.provider === 'sqlite' || adapter.provider === 'postgres') return adapter.provider;
  throw new Error(`Unsupported provider: ${adapter.provider}`);
}

export async function hasMigrationsTable(adapter: SqlDriverAdapter): Promise<boolean> {
  const { rows } = await adapter.queryRaw({ sql: EXISTS[providerOf(adapter)], args: [], argTypes: [] });
  return rows.length > 0;
}

/** What the native engine does before marking a migration applied on a database without history. */
export async function createMigrationsTable(adapter: SqlDriverAdapter): Promise<void> {
  await adapter.executeScript(DDL[providerOf(adapter)]);
}
