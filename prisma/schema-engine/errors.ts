/**
 * Errors in the shapes the Prisma CLI expects from a native schema engine.
 */

/** A user-facing error with a Prisma error code (https://pris.ly/d/error-reference). */
export class KnownError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'KnownError';
  }
}

export function missingUrlError(): KnownError {
  return new KnownError('P1012', 'No datasource URL is configured (`datasource.url` in prisma.config.ts).');
}

/** The `data` member of a JSON-RPC error, as the native engine sends it. */
export interface RpcErrorData {
  is_panic: boolean;
  message: string;
  error_code?: string;
  meta?: Record<string, unknown>;
}

export interface RpcError {
  code: number;
  message: string;
  data: RpcErrorData;
}

/**
 * The WASM engine throws plain `Error`s (name `SchemaConnectorError`, …) without the error
 * code the native engine attaches, so the codes of the common user-facing errors are
 * recovered from their messages: the CLI prints them in front of the message.
 */
const CODES_BY_MESSAGE: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Authentication failed/, 'P1000'],
  [/^Can't reach database server/, 'P1001'],
  [/^Database .* does not exist/, 'P1003'],
  [/^The database schema is not empty/, 'P3005'],
  [/failed to apply cleanly to the shadow database/, 'P3006'],
  [/^migrate found failed migrations/, 'P3009'],
  [/^A migration failed to apply/, 'P3018'],
];

export function errorCodeOf(message: string): string | undefined {
  return CODES_BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1];
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  return JSON.stringify(error) ?? String(error);
}

/** A WASM trap (`unreachable` after a Rust panic) leaves the engine unusable. */
export function isPanic(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError;
}

/** The engine appends a span trace ("   0: module::function …") to its error messages. */
function splitSpanTrace(message: string): { text: string; trace: string } {
  const start = /\n\s*0: /.exec(message);
  return start ? { text: message.slice(0, start.index), trace: message.slice(start.index) } : { text: message, trace: '' };
}

/** A migration script that failed in `applyMigrations`: worded as the native engine's P3018. */
function failedMigrationError(text: string, trace: string): KnownError | undefined {
  const name = /apply_migration::apply_script\s+with migration_name="([^"]+)"/.exec(trace)?.[1];
  if (name === undefined) return undefined;
  return new KnownError(
    'P3018',
    'A migration failed to apply. New migrations cannot be applied before the error is recovered from. ' +
      'Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve' +
      `\n\nMigration name: ${name}\n\nDatabase error:\n${text}`,
  );
}

export function toRpcError(error: unknown, panicMessage?: string): RpcError {
  const panic = isPanic(error);
  const { text, trace } = splitSpanTrace(panic ? (panicMessage ?? messageOf(error)) : messageOf(error));
  const known = error instanceof KnownError ? error : failedMigrationError(text, trace);
  const message = known?.message ?? text;
  const data: RpcErrorData = { is_panic: panic, message };
  const errorCode = known?.errorCode ?? errorCodeOf(message);
  if (errorCode) data.error_code = errorCode;
  if (trace) data.meta = { span_trace: trace.trim() };
  return { code: 4466, message: 'An error happened. Check the data field for details.', data };
}
