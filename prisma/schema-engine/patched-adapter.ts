/**
 * A driver adapter that delegates to a Prisma driver adapter, with the few behaviours the
 * WASM schema engine needs changed (see sqlite.ts and postgres.ts for the why).
 */
import type { IsolationLevel, SqlDriverAdapter, SqlQuery, SqlQueryable, SqlResultSet, Transaction } from '@prisma/driver-adapter-utils';

export interface Patches {
  /** Replaces the adapter's `executeScript`. */
  executeScript?: (script: string) => Promise<void>;
  /**
   * Statement-at-a-time drivers (better-sqlite3) reject SQL holding several statements:
   * when a query without arguments fails like that, it is run as a script instead.
   */
  isMultiStatementError?: (error: unknown) => boolean;
  /** Runs after the adapter is disposed (e.g. to drop a temporary database). */
  afterDispose?: () => Promise<void>;
}

const EMPTY_RESULT: SqlResultSet = { columnNames: [], columnTypes: [], rows: [] };

abstract class PatchedQueryable<Q extends SqlQueryable> implements SqlQueryable {
  readonly provider: Q['provider'];
  readonly adapterName: string;

  constructor(
    protected readonly inner: Q,
    protected readonly patches: Patches,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  /** Runs SQL as a script on the same connection. */
  protected abstract runScript(script: string): Promise<void>;

  queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return this.withScriptFallback(query, () => this.inner.queryRaw(query), EMPTY_RESULT);
  }

  executeRaw(query: SqlQuery): Promise<number> {
    return this.withScriptFallback(query, () => this.inner.executeRaw(query), 0);
  }

  private async withScriptFallback<T>(query: SqlQuery, run: () => Promise<T>, scriptResult: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (query.args.length > 0 || !this.patches.isMultiStatementError?.(error)) throw error;
      await this.runScript(query.sql);
      return scriptResult;
    }
  }
}

class PatchedTransaction extends PatchedQueryable<Transaction> implements Transaction {
  constructor(
    inner: Transaction,
    patches: Patches,
    private readonly parent: PatchedAdapter,
  ) {
    super(inner, patches);
  }
  protected runScript(script: string): Promise<void> {
    return this.parent.executeScript(script);
  }
  get options(): Transaction['options'] {
    return this.inner.options;
  }
  commit(): Promise<void> {
    return this.inner.commit();
  }
  rollback(): Promise<void> {
    return this.inner.rollback();
  }
}

export class PatchedAdapter extends PatchedQueryable<SqlDriverAdapter> implements SqlDriverAdapter {
  constructor(inner: SqlDriverAdapter, patches: Patches) {
    super(inner, patches);
    const connectionInfo = inner.getConnectionInfo?.bind(inner);
    if (connectionInfo) this.getConnectionInfo = connectionInfo;
  }

  getConnectionInfo?: SqlDriverAdapter['getConnectionInfo'];

  protected runScript(script: string): Promise<void> {
    return this.executeScript(script);
  }

  executeScript(script: string): Promise<void> {
    return this.patches.executeScript ? this.patches.executeScript(script) : this.inner.executeScript(script);
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const transaction = await this.inner.startTransaction(isolationLevel);
    // Savepoints are optional members: keep them only when the driver has them.
    const patched = new PatchedTransaction(transaction, this.patches, this);
    return Object.assign(patched, savepointMethods(transaction));
  }

  async dispose(): Promise<void> {
    try {
      await this.inner.dispose();
    } finally {
      await this.patches.afterDispose?.();
    }
  }
}

function savepointMethods(transaction: Transaction): Partial<Transaction> {
  const methods: Partial<Transaction> = {};
  if (transaction.createSavepoint) methods.createSavepoint = transaction.createSavepoint.bind(transaction);
  if (transaction.rollbackToSavepoint) methods.rollbackToSavepoint = transaction.rollbackToSavepoint.bind(transaction);
  if (transaction.releaseSavepoint) methods.releaseSavepoint = transaction.releaseSavepoint.bind(transaction);
  return methods;
}
