/**
 * Datasource URLs as the Prisma CLI passes them (`--datasource '{"url": …}'`).
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';

export type Provider = 'sqlite' | 'postgres';

/** The datasource block of prisma.config.ts, as serialized by the CLI. */
export interface Datasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

export function providerOfUrl(url: string): Provider {
  if (/^postgres(ql)?:\/\//i.test(url)) return 'postgres';
  if (/^file:/i.test(url)) return 'sqlite';
  throw new Error(`Unsupported datasource URL (only "file:" SQLite and "postgresql://" URLs are supported): ${redactUrl(url)}`);
}

/** The provider declared by the schema's datasource block, for when no URL is configured. */
export function providerOfSchema(schemas: ReadonlyArray<readonly [string, string]>): Provider | undefined {
  for (const [, content] of schemas) {
    const match = /datasource\s+\w+\s*\{[^}]*?provider\s*=\s*"(\w+)"/.exec(content);
    if (match?.[1] === 'sqlite') return 'sqlite';
    if (match?.[1] === 'postgresql' || match?.[1] === 'postgres') return 'postgres';
  }
  return undefined;
}

export interface SqliteLocation {
  /** Absolute path of the database file (or ":memory:"). */
  path: string;
  /** File name, as the native engine names the database in messages. */
  fileName: string;
}

/**
 * `file:./data/app.db?connection_limit=1` → the file's absolute path. Relative paths are
 * relative to the working directory, which the CLI sets to the Prisma config's directory.
 */
export function sqliteLocation(url: string, cwd: string = process.cwd()): SqliteLocation {
  const withoutScheme = url.replace(/^file:(\/\/(?=\/))?/i, '');
  const raw = decodeURIComponent(withoutScheme.split('?')[0] ?? '');
  if (raw === '' || raw === ':memory:') return { path: ':memory:', fileName: ':memory:' };
  const path = isAbsolute(raw) ? raw : resolve(cwd, raw);
  return { path, fileName: basename(path) };
}

export function sqliteDirectory(location: SqliteLocation): string | undefined {
  return location.path === ':memory:' ? undefined : dirname(location.path);
}

export interface PostgresLocation {
  host: string;
  port: string;
  database: string;
  /** The `schema` URL parameter Prisma uses (pg itself ignores it). */
  schema: string | undefined;
}

export function postgresLocation(url: string): PostgresLocation {
  const parsed = new URL(url);
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port || '5432',
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
    schema: parsed.searchParams.get('schema') ?? undefined,
  };
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Connection string for pg: Prisma-only parameters removed. */
export function pgConnectionString(url: string): string {
  const parsed = new URL(url);
  for (const key of [
    'schema',
    'connection_limit',
    'pool_timeout',
    'connect_timeout',
    'socket_timeout',
    'pgbouncer',
    'statement_cache_size',
  ]) {
    parsed.searchParams.delete(key);
  }
  return parsed.toString();
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
