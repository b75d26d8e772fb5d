/**
 * Logging on stderr, one JSON object per line, like the native engine's tracing output:
 * the CLI keeps `fields.message` of each line and reports the last `ERROR` line when the
 * engine exits with code 1. stdout is reserved for JSON-RPC.
 */

export type Level = 'ERROR' | 'WARN' | 'INFO' | 'DEBUG';

export interface LogLine {
  timestamp?: string;
  level: Level;
  fields: { message: string } & Record<string, unknown>;
  target: string;
}

export const TARGET = 'schema_engine::logger';

export function formatLog(level: Level, message: string, extra: Record<string, unknown> = {}, target = TARGET): string {
  const line: LogLine = { timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target };
  return JSON.stringify(line);
}

/** Forwards the WASM engine's own log lines (already JSON) to stderr, one per line. */
export function forwardEngineLog(raw: string): void {
  for (const line of raw.split('\n')) {
    if (line.trim() !== '') process.stderr.write(`${line}\n`);
  }
}
