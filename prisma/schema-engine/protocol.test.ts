/**
 * The stand-in's protocol pieces, without a database: arguments, URLs, error shapes, JSON-RPC.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.ts';
import { pgConnectionString, postgresLocation, providerOfSchema, providerOfUrl, sqliteLocation, withDatabase } from './datasource.ts';
import { KnownError, toRpcError } from './errors.ts';
import { RpcServer } from './rpc.ts';

describe('command line', () => {
  it('reads the arguments the CLI passes to the engine', () => {
    expect(
      parseArgs([
        '--datamodels',
        '/a.prisma',
        '--datamodels',
        '/b.prisma',
        '--datasource',
        '{"url":"file:./x.db","shadowDatabaseUrl":"file:./s.db"}',
        '--enabled-preview-features',
        'views',
      ]),
    ).toEqual({
      datamodels: ['/a.prisma', '/b.prisma'],
      datasource: { url: 'file:./x.db', shadowDatabaseUrl: 'file:./s.db' },
      cli: undefined,
      version: false,
    });
    expect(parseArgs(['--datasource', '{"url":"file:./x.db"}', 'cli', 'can-connect-to-database']).cli).toBe('can-connect-to-database');
    expect(parseArgs(['--version']).version).toBe(true);
    expect(() => parseArgs(['cli', 'drop-everything'])).toThrow(/Unknown cli command/);
  });
});

describe('datasource URLs', () => {
  it('tells the provider', () => {
    expect(providerOfUrl('file:./data/gatehouse.db')).toBe('sqlite');
    expect(providerOfUrl('postgresql://u@h/db')).toBe('postgres');
    expect(providerOfUrl('postgres://u@h/db')).toBe('postgres');
    expect(() => providerOfUrl('mysql://u:secret@h/db')).toThrow(/u:\*\*\*@h/);
    expect(providerOfSchema([['s.prisma', 'datasource db {\n  provider = "postgresql"\n}']])).toBe('postgres');
  });

  it('resolves SQLite paths against the working directory', () => {
    expect(sqliteLocation('file:./data/gatehouse.db', '/srv/app')).toEqual({
      path: '/srv/app/data/gatehouse.db',
      fileName: 'gatehouse.db',
    });
    expect(sqliteLocation('file:dev.db?connection_limit=1', '/srv/app').path).toBe('/srv/app/dev.db');
    expect(sqliteLocation('file:/var/lib/g.db', '/srv/app').path).toBe('/var/lib/g.db');
    expect(sqliteLocation('file:///var/lib/g.db', '/srv/app').path).toBe('/var/lib/g.db');
    expect(sqliteLocation('file::memory:').path).toBe(':memory:');
  });

  it('derives PostgreSQL locations and sibling databases', () => {
    const url = 'postgresql://app:pw@127.0.0.1:5433/gatehouse?schema=public&sslmode=disable';
    expect(postgresLocation(url)).toEqual({ host: '127.0.0.1', port: '5433', database: 'gatehouse', schema: 'public' });
    expect(withDatabase(url, 'shadow_1')).toBe('postgresql://app:pw@127.0.0.1:5433/shadow_1?schema=public&sslmode=disable');
    expect(pgConnectionString(url)).toBe('postgresql://app:pw@127.0.0.1:5433/gatehouse?sslmode=disable');
  });
});

describe('errors', () => {
  it('has the JSON-RPC error shape of the native engine', () => {
    expect(toRpcError(new KnownError('P1003', 'Database `x` does not exist'))).toEqual({
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: { is_panic: false, message: 'Database `x` does not exist', error_code: 'P1003' },
    });
  });

  it('recovers codes, and words failed migrations as P3018 without the span trace', () => {
    expect(toRpcError(new Error('The database schema is not empty. Read more…')).data.error_code).toBe('P3005');
    const engineError = new Error(
      'near "SELEC": syntax error\n   0: sql_schema_connector::apply_migration::apply_script\n           with migration_name="2_bad"\n             at apply_migration.rs:113',
    );
    const { data } = toRpcError(engineError);
    expect(data.error_code).toBe('P3018');
    expect(data.message).toContain('Migration name: 2_bad\n\nDatabase error:\nnear "SELEC": syntax error');
    expect(data.message).not.toContain('apply_migration.rs');
  });

  it('flags WASM traps as panics', () => {
    const { data } = toRpcError(new WebAssembly.RuntimeError('unreachable'), 'panicked at engine.rs: boom');
    expect(data).toMatchObject({ is_panic: true, message: 'panicked at engine.rs: boom' });
  });
});

describe('JSON-RPC server', () => {
  function harness(handle: (method: string, params: unknown, server: RpcServer) => Promise<unknown>) {
    const input = new PassThrough();
    const output = new PassThrough();
    const lines: unknown[] = [];
    let buffered = '';
    output.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const message: unknown = JSON.parse(line);
        lines.push(message);
        // Play the CLI: answer the engine's print requests.
        const request = message as { id?: unknown; method?: string };
        if (request.method === 'print') input.write(`${JSON.stringify({ jsonrpc: '2.0', id: request.id, result: {} })}\n`);
      }
    });
    const server: RpcServer = new RpcServer({ input, output, handle: (method, params) => handle(method, params, server) });
    return { input, lines, served: server.serve(), server };
  }

  it('answers requests in order, with results and errors', async () => {
    const { input, lines, served } = harness(async (method, params) => {
      if (method === 'fail') throw new KnownError('P3009', 'failed migrations');
      return { echo: params };
    });
    input.write('{"jsonrpc":"2.0","id":1,"method":"echo","params":{"a":1}}\n');
    input.write('{"jsonrpc":"2.0","id":2,"method":"fail","params":{}}\n');
    input.end();
    await served;
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 1, result: { echo: { a: 1 } } },
      {
        jsonrpc: '2.0',
        id: 2,
        error: expect.objectContaining({ data: { is_panic: false, message: 'failed migrations', error_code: 'P3009' } }),
      },
    ]);
  });

  it('prints through the CLI before answering', async () => {
    const { input, lines, served } = harness(async (_method, _params, server) => {
      await server.request('print', { content: '-- SQL' });
      return { exitCode: 0 };
    });
    input.write('{"jsonrpc":"2.0","id":7,"method":"diff","params":{}}\n');
    setTimeout(() => input.end(), 100);
    await served;
    expect(lines).toEqual([
      { jsonrpc: '2.0', id: 'engine-1', method: 'print', params: { content: '-- SQL' } },
      { jsonrpc: '2.0', id: 7, result: { exitCode: 0 } },
    ]);
  });
});
