/**
 * The JSON-RPC methods of the schema engine, served by the WASM engine plus the
 * workarounds it needs with driver adapters (docs/decisions/002-offline-schema-engine.md).
 */
import {
  bindMigrationAwareSqlAdapterFactory,
  type ErrorRegistry,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type * as Wasm from '@prisma/schema-engine-wasm/schema_engine_bg';
import { providerOfSchema, providerOfUrl, type Datasource, type Provider } from './datasource.ts';
import { KnownError, missingUrlError } from './errors.ts';
import { forwardEngineLog } from './log.ts';
import { createMigrationsTable, hasMigrationsTable } from './migrations-table.ts';
import { createPostgresDatabase, PostgresFactory } from './postgres.ts';
import { createSqliteDatabase, resetSqlite, SqliteFactory } from './sqlite.ts';
import { loadWasmEngine, type SchemaEngine } from './wasm.ts';

export interface HostOptions {
  /** `[path, content]` of each schema file (`--datamodels`). */
  datamodels: Array<[string, string]>;
  /** `--datasource`: the datasource block of the Prisma config. */
  datasource: Datasource | undefined;
  /** Prints on the CLI's stdout (the `print` request the CLI serves), e.g. for `migrate diff`. */
  print: (content: string) => Promise<void>;
  /** Receives the engine's log lines; stderr by default. */
  log?: (line: string) => void;
}

/** A driver adapter factory for the engine, which can also lend a connection to this host. */
interface Factory extends SqlMigrationAwareDriverAdapterFactory {
  withConnection<T>(work: (adapter: SqlDriverAdapter) => Promise<T>): Promise<T>;
  /** Disposes of every connection still open (and of temporary databases). */
  close(): Promise<void>;
}

/** Stands in for a PostgreSQL datasource without URL: every connection fails. */
class UnconfiguredFactory implements Factory {
  readonly adapterName = 'unconfigured';
  constructor(readonly provider: Provider) {}
  connect(): Promise<SqlDriverAdapter> {
    return Promise.reject(missingUrlError());
  }
  connectToShadowDb(): Promise<SqlDriverAdapter> {
    return Promise.reject(missingUrlError());
  }
  withConnection<T>(): Promise<T> {
    return Promise.reject(missingUrlError());
  }
  async close(): Promise<void> {}
}

function createFactory(datasource: Datasource | undefined, provider: Provider): Factory {
  const url = datasource?.url;
  // Without a URL only offline commands (e.g. migrate diff between schemas) make sense; the
  // engine still connects at start, which an in-memory SQLite database satisfies.
  if (!url && provider === 'sqlite') return new SqliteFactory('file::memory:');
  if (!url) return new UnconfiguredFactory(provider);
  return provider === 'sqlite'
    ? new SqliteFactory(url, datasource.shadowDatabaseUrl)
    : new PostgresFactory(url, datasource.shadowDatabaseUrl);
}

function resolveProvider(options: HostOptions): Provider {
  if (options.datasource?.url) return providerOfUrl(options.datasource.url);
  const provider = providerOfSchema(options.datamodels);
  if (!provider)
    throw new KnownError('P1012', 'Cannot tell the database provider: no datasource URL and no datasource block in the schema.');
  return provider;
}

/**
 * A JavaScript error thrown inside a driver adapter reaches the engine as an id in the
 * binder's registry, and comes back as "External error id#N": report the original.
 */
function originalError(error: unknown, registry: ErrorRegistry): unknown {
  const id = error instanceof Error ? /External error id#(\d+)/.exec(error.message)?.[1] : undefined;
  if (id === undefined) return error;
  return registry.consumeError(Number(id))?.error ?? error;
}

type Handler = (params: never) => Promise<unknown>;

export class EngineHost {
  private constructor(
    private readonly engine: SchemaEngine,
    private readonly factory: Factory,
    private readonly errors: ErrorRegistry,
    private readonly options: HostOptions,
  ) {}

  static async create(options: HostOptions): Promise<EngineHost> {
    const factory = createFactory(options.datasource, resolveProvider(options));
    const { SchemaEngine } = loadWasmEngine();
    const bound = bindMigrationAwareSqlAdapterFactory(factory);
    try {
      // The engine connects right away.
      const engine = await SchemaEngine.new(
        // An empty list makes the engine panic; `undefined` means "no schema" (e.g. migrate diff).
        { datamodels: options.datamodels.length > 0 ? options.datamodels : undefined },
        options.log ?? forwardEngineLog,
        bound,
      );
      return new EngineHost(engine, factory, bound.errorRegistry, options);
    } catch (error) {
      throw originalError(error, bound.errorRegistry);
    }
  }

  /** Method name → implementation; every name the CLI sends (see its SchemaEngineCLI class). */
  private readonly handlers: Record<string, Handler> = {
    applyMigrations: (input: Wasm.ApplyMigrationsInput) => this.engine.applyMigrations(input),
    createDatabase: (input: Wasm.CreateDatabaseParams) => this.createDatabase(input),
    createMigration: (input: Wasm.CreateMigrationInput) => this.engine.createMigration(input),
    dbExecute: async (input: Wasm.DbExecuteParams) => {
      await this.engine.dbExecute(input);
      return {};
    },
    debugPanic: async () => this.engine.debugPanic(),
    devDiagnostic: (input: Wasm.DevDiagnosticInput) => this.devDiagnostic(input),
    diagnoseMigrationHistory: (input: Wasm.DiagnoseMigrationHistoryInput) => this.diagnoseMigrationHistory(input),
    diff: (input: Wasm.DiffParams) => this.diff(input),
    ensureConnectionValidity: (input: Wasm.EnsureConnectionValidityParams) => this.engine.ensureConnectionValidity(input),
    evaluateDataLoss: (input: Wasm.EvaluateDataLossInput) => this.engine.evaluateDataLoss(input),
    getDatabaseVersion: (input: Wasm.GetDatabaseVersionInput) => this.engine.version(input),
    introspect: (input: Wasm.IntrospectParams) => this.engine.introspect(input),
    introspectSql: (input: Wasm.IntrospectSqlParams) => this.engine.introspectSql(input),
    markMigrationApplied: (input: Wasm.MarkMigrationAppliedInput) => this.markMigrationApplied(input),
    markMigrationRolledBack: (input: Wasm.MarkMigrationRolledBackInput) => this.engine.markMigrationRolledBack(input),
    reset: (input: Wasm.ResetInput) => this.reset(input),
    schemaPush: (input: Wasm.SchemaPushInput) => this.engine.schemaPush(input),
  };

  async call(method: string, params: unknown): Promise<unknown> {
    const handler = this.handlers[method];
    if (!handler) throw new Error(`Method not supported by the WASM schema engine stand-in: ${method}`);
    try {
      const result = await (handler as (params: unknown) => Promise<unknown>)(params ?? {});
      return result ?? {};
    } catch (error) {
      throw originalError(error, this.errors);
    }
  }

  /** Releases connections, and drops shadow databases an error left behind. */
  async close(): Promise<void> {
    await this.factory.close();
    try {
      this.engine.free();
    } catch {
      // After a panic the WASM instance is unusable; the process is about to exit anyway.
    }
  }

  private hasMigrationsTable(): Promise<boolean> {
    return this.factory.withConnection(hasMigrationsTable);
  }

  /** Creates `_prisma_migrations` when missing, as the native engine would have before. */
  private async ensureMigrationsTable(): Promise<void> {
    await this.factory.withConnection(async (adapter) => {
      if (!(await hasMigrationsTable(adapter))) await createMigrationsTable(adapter);
    });
  }

  /**
   * Without `_prisma_migrations` the WASM engine fails; the native engine reports that no
   * migration is applied yet, which is all that can be said then.
   */
  private async diagnoseMigrationHistory(input: Wasm.DiagnoseMigrationHistoryInput): Promise<Wasm.DiagnoseMigrationHistoryOutput> {
    if (await this.hasMigrationsTable()) return this.engine.diagnoseMigrationHistory(input);
    const unappliedMigrationNames = input.migrationsList.migrationDirectories.map((directory) => directory.path);
    return {
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: false,
      history: unappliedMigrationNames.length > 0 ? { diagnostic: 'databaseIsBehind', unappliedMigrationNames } : null,
    };
  }

  /**
   * The dev diagnostic also needs the table: with it, an empty database gets "create a
   * migration" and one with unmanaged tables gets "reset" (drift), as with the native engine.
   */
  private async devDiagnostic(input: Wasm.DevDiagnosticInput): Promise<Wasm.DevDiagnosticOutput> {
    await this.ensureMigrationsTable();
    return this.engine.devDiagnostic(input);
  }

  /** `migrate resolve --applied` baselines databases that have no history yet. */
  private async markMigrationApplied(input: Wasm.MarkMigrationAppliedInput): Promise<Wasm.MarkMigrationAppliedOutput> {
    await this.ensureMigrationsTable();
    return this.engine.markMigrationApplied(input);
  }

  /** The native engine prints the diff through the CLI (`print` request), not in the result. */
  private async diff(input: Wasm.DiffParams): Promise<{ exitCode: number }> {
    const { exitCode, stdout } = await this.engine.diff(input);
    if (stdout !== null) await this.options.print(stdout);
    return { exitCode };
  }

  /**
   * The WASM engine's SQLite reset only runs `DELETE FROM` on each table (it cannot truncate
   * the file like the native one), so migrations would then fail on existing tables: on
   * SQLite the schema is dropped here instead.
   */
  private async reset(input: Wasm.ResetInput): Promise<Record<string, never>> {
    if (this.factory instanceof SqliteFactory) {
      await this.factory.withConnection((adapter) => resetSqlite(adapter, input.filter.externalTables));
    } else {
      await this.engine.reset(input);
    }
    return {};
  }

  private async createDatabase(input: Wasm.CreateDatabaseParams): Promise<Wasm.CreateDatabaseResult> {
    const url = input.datasource.tag === 'ConnectionString' ? input.datasource.url : this.options.datasource?.url;
    if (!url) throw missingUrlError();
    const databaseName = await createDatabase(url);
    return { databaseName };
  }
}

/** `cli create-database` and the `createDatabase` method. */
export async function createDatabase(url: string): Promise<string> {
  return providerOfUrl(url) === 'sqlite' ? createSqliteDatabase(url) : createPostgresDatabase(url);
}
