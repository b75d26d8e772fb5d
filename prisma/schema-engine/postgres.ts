/**
 * PostgreSQL through @prisma/adapter-pg, adjusted for the WASM schema engine.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { DriverAdapterError, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { pgConnectionString, postgresLocation, withDatabase } from './datasource.ts';
import { KnownError } from './errors.ts';
import { PatchedAdapter } from './patched-adapter.ts';

/** Catalog columns of type "char" (e.g. pg_constraint.contype), which adapter-pg rejects. */
const CHAR_OID = 18;
const TEXT_OID = 25;

interface RowDescription {
  fields?: Array<{ dataTypeID: number }>;
}

/**
 * adapter-pg throws "Unsupported column type char" for OID 18, which the engine's
 * introspection queries return; the value is a one-character string, so announce it as text
 * before pg builds the result.
 */
function reportCharAsText(client: pg.PoolClient): void {
  client.connection.prependListener('rowDescription', (message: RowDescription) => {
    for (const field of message.fields ?? []) {
      if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    }
  });
}

function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: pgConnectionString(url) });
  pool.on('connect', reportCharAsText);
  return pool;
}

interface PgErrorFields {
  code: string;
  severity: string;
  message: string;
  detail?: string;
  column?: string;
  hint?: string;
}

function isPgError(error: unknown): error is PgErrorFields {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity, message } = error as Record<string, unknown>;
  return typeof code === 'string' && typeof severity === 'string' && typeof message === 'string';
}

/** Server errors in the adapter's own error shape, so the engine words them as usual. */
function toDriverAdapterError(error: unknown): unknown {
  if (!isPgError(error)) return error;
  const { code, severity, message, detail, column, hint } = error;
  return new DriverAdapterError({ kind: 'postgres', code, severity, message, detail, column, hint });
}

export class PostgresFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = 'postgres';
  readonly adapterName = '@prisma/adapter-pg';
  private readonly schema: string | undefined;
  /** Shadow databases created by this process and not dropped yet. */
  private readonly shadowDatabases = new Set<string>();
  /** Connections handed out and not disposed of yet. */
  private readonly connections = new Set<SqlDriverAdapter>();

  constructor(
    private readonly url: string,
    private readonly shadowDatabaseUrl?: string,
  ) {
    this.schema = postgresLocation(url).schema;
  }

  connect(): Promise<SqlDriverAdapter> {
    return this.open(this.url);
  }

  /**
   * adapter-pg's own shadow database is opened with `{ ...config, database }`, which a
   * connection string overrides (it would migrate the main database), and is dropped while
   * its pool is still connected (so it is left behind). Create and drop it here instead.
   */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    if (this.shadowDatabaseUrl) return this.open(this.shadowDatabaseUrl);
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    await runAdminStatement(this.url, `CREATE DATABASE ${quoteIdentifier(name)}`);
    this.shadowDatabases.add(name);
    return this.open(withDatabase(this.url, name), () => this.dropShadowDatabase(name));
  }

  async withConnection<T>(work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T> {
    const adapter = await this.connect();
    try {
      return await work(adapter);
    } finally {
      await adapter.dispose();
    }
  }

  /** Closes what the engine did not dispose of, and drops the shadow databases left behind (e.g. after an error). */
  async close(): Promise<void> {
    await Promise.allSettled([...this.connections].map((adapter) => adapter.dispose()));
    await Promise.all([...this.shadowDatabases].map((name) => this.dropShadowDatabase(name)));
  }

  private async dropShadowDatabase(name: string): Promise<void> {
    await dropDatabase(this.url, name);
    this.shadowDatabases.delete(name);
  }

  private async open(url: string, afterDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const pool = createPool(url);
    const inner = await new PrismaPg(pool, { schema: this.schema, disposeExternalPool: true }).connect();
    const adapter: SqlDriverAdapter = new PatchedAdapter(inner, {
      // adapter-pg splits scripts on every ";" (even inside strings and function bodies);
      // PostgreSQL runs a multi-statement simple query whole, in one implicit transaction.
      executeScript: async (script) => {
        try {
          await pool.query(script);
        } catch (error) {
          throw toDriverAdapterError(error);
        }
      },
      afterDispose: async () => {
        this.connections.delete(adapter);
        await afterDispose?.();
      },
    });
    this.connections.add(adapter);
    return adapter;
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: pgConnectionString(url) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function runAdminStatement(url: string, sql: string): Promise<void> {
  await withClient(url, (client) => client.query(sql));
}

/**
 * Drops database `name`, connected through `url` (another database of the same server).
 * `WITH (FORCE)` (PostgreSQL 13+) ends sessions a crashed engine may have left open.
 */
export async function dropDatabase(url: string, name: string): Promise<void> {
  await withClient(url, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    } catch (error) {
      if (!isPgError(error) || error.code !== '42601') throw error;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
    }
  });
}

/** Connection failures worded and coded as the native engine does. */
function connectionError(url: string, error: unknown): unknown {
  const { host, port, database } = postgresLocation(url);
  const user = decodeURIComponent(new URL(url).username);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case '3D000':
      return new KnownError('P1003', `Database \`${database}\` does not exist on the database server at \`${host}:${port}\`.`);
    case '28P01':
    case '28000':
      return new KnownError(
        'P1000',
        `Authentication failed against database server at \`${host}\`, the provided database credentials for \`${user}\` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at \`${host}\`.`,
      );
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new KnownError(
        'P1001',
        `Can't reach database server at \`${host}:${port}\`\n\nPlease make sure your database server is running at \`${host}:${port}\`.`,
      );
    default:
      return error;
  }
}

/** `cli can-connect-to-database` */
export async function canConnectPostgres(url: string): Promise<void> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
  } catch (error) {
    throw connectionError(url, error);
  }
}

/** `cli create-database`: from the server's maintenance database. */
export async function createPostgresDatabase(url: string): Promise<string> {
  const { host, port, database } = postgresLocation(url);
  const maintenanceUrl = withDatabase(url, database === 'postgres' ? 'template1' : 'postgres');
  try {
    await runAdminStatement(maintenanceUrl, `CREATE DATABASE ${quoteIdentifier(database)}`);
  } catch (error) {
    if (isPgError(error) && error.code === '42P04') {
      throw new KnownError('P1009', `Database \`${database}\` already exists on the database server at \`${host}:${port}\``);
    }
    throw connectionError(url, error);
  }
  return database;
}
