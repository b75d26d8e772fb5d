/**
 * Stand-in for Prisma's native schema engine binary (prisma.config.ts points
 * PRISMA_SCHEMA_ENGINE_BINARY at bin/schema-engine, which runs this file): it speaks the
 * CLI's protocol and runs Prisma's WASM schema engine over driver adapters, so the CLI
 * needs no engine download. See docs/decisions/002-offline-schema-engine.md.
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type CliCommand } from './args.ts';
import { providerOfUrl, type Datasource } from './datasource.ts';
import { createDatabase, EngineHost } from './engine.ts';
import { KnownError, missingUrlError } from './errors.ts';
import { formatLog } from './log.ts';
import { canConnectPostgres } from './postgres.ts';
import { RpcServer } from './rpc.ts';
import { canConnectSqlite } from './sqlite.ts';
import { loadWasmEngine, takePanicMessage } from './wasm.ts';

async function canConnect(url: string): Promise<void> {
  if (providerOfUrl(url) === 'sqlite') canConnectSqlite(url);
  else await canConnectPostgres(url);
}

/**
 * `cli <command>`: the outcome is the exit code. On failure the CLI parses stderr after its
 * first line as JSON log lines and reports the ERROR one's `error_code` and `message`
 * (P1003 from can-connect-to-database makes it run create-database).
 */
async function runCli(command: CliCommand, url: string | undefined): Promise<number> {
  try {
    if (!url) throw missingUrlError();
    if (command === 'can-connect-to-database') await canConnect(url);
    else await createDatabase(url);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fields = error instanceof KnownError ? { error_code: error.errorCode } : {};
    process.stderr.write(`${formatLog('INFO', `schema-engine (WASM stand-in) cli ${command}`)}\n`);
    // No trailing newline: the CLI parses every line after the first as JSON.
    process.stderr.write(formatLog('ERROR', message, fields));
    return 1;
  }
}

async function serveRpc(datamodelPaths: string[], datasource: Datasource | undefined): Promise<number> {
  let server: RpcServer | undefined = undefined;
  const print = async (content: string): Promise<void> => {
    await server?.request('print', { content });
  };
  // Started now, awaited by the first request: a startup failure becomes that request's error.
  const host = EngineHost.create({
    datamodels: datamodelPaths.map((path): [string, string] => [path, readFileSync(path, 'utf8')]),
    datasource,
    print,
  });
  host.catch(() => undefined);
  server = new RpcServer({
    input: process.stdin,
    output: process.stdout,
    handle: async (method, params) => (await host).call(method, params),
    panicMessage: takePanicMessage,
  });
  const close = async (): Promise<void> => {
    await (await host.catch(() => undefined))?.close();
  };
  process.once('SIGTERM', () => void close().finally(() => process.exit(143)));
  process.on('uncaughtException', (error) => {
    server?.abort(error);
    process.stderr.write(`${formatLog('ERROR', error.message, { backtrace: error.stack })}\n`);
    void close().finally(() => process.exit(101));
  });
  await server.serve();
  await close();
  return server.panicked ? 101 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${loadWasmEngine().version()}\n`);
    return 0;
  }
  if (args.cli) return runCli(args.cli, args.datasource?.url);
  return serveRpc(args.datamodels, args.datasource);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${formatLog('ERROR', error instanceof Error ? error.message : String(error))}\n`);
    process.exit(1);
  },
);
