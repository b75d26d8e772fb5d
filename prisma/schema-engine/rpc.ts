/**
 * JSON-RPC 2.0 over stdin/stdout, one message per line, as the CLI's SchemaEngineCLI speaks it:
 * it sends requests, and answers the engine's own `print` requests.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { isPanic, toRpcError, type RpcError } from './errors.ts';

type Id = number | string;

interface Request {
  jsonrpc: '2.0';
  id: Id;
  method: string;
  params?: unknown;
}

interface Response {
  jsonrpc: '2.0';
  id: Id;
  result?: unknown;
  error?: RpcError;
}

export interface ServeOptions {
  input: Readable;
  output: Writable;
  handle: (method: string, params: unknown) => Promise<unknown>;
  /** The message of a WASM panic, if one just happened. */
  panicMessage?: () => string | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isRequest(message: Record<string, unknown>): message is Record<string, unknown> & Request {
  return typeof message.method === 'string' && (typeof message.id === 'number' || typeof message.id === 'string');
}

export class RpcServer {
  private nextId = 1;
  private readonly pending = new Map<Id, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  /** Requests are served one at a time, in order (the engine is single-threaded anyway). */
  private queue: Promise<void> = Promise.resolve();
  /** The request being served. */
  private current: Id | undefined;
  /** Set when the WASM engine panicked: it is unusable, the process should exit with 101. */
  panicked = false;

  constructor(private readonly options: ServeOptions) {}

  /** Serves until stdin closes and every request is answered. */
  async serve(): Promise<void> {
    const lines = createInterface({ input: this.options.input, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() !== '') this.receive(line);
    }
    await this.queue;
  }

  /** Sends a request to the CLI and waits for its answer (used for `print`). */
  request(method: string, params: unknown): Promise<unknown> {
    const id = `engine-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  private receive(line: string): void {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.send({
        jsonrpc: '2.0',
        id: 0,
        error: { code: -32700, message: 'Parse error', data: { is_panic: false, message: `Invalid JSON: ${line.slice(0, 200)}` } },
      });
      return;
    }
    if (!isObject(message)) return;
    if (isRequest(message)) {
      this.queue = this.queue.then(() => this.answer(message));
    } else if (message.id !== undefined) {
      this.settle(message);
    }
  }

  private settle(message: Record<string, unknown>): void {
    const id = message.id as Id;
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    if (message.error !== undefined) waiter.reject(new Error(`The CLI answered an error: ${JSON.stringify(message.error)}`));
    else waiter.resolve(message.result);
  }

  /**
   * Answers the request being served with `error` when it cannot settle any more: a WASM
   * panic inside an engine callback surfaces as an uncaught exception, not a rejection.
   */
  abort(error: unknown): void {
    if (isPanic(error)) this.panicked = true;
    if (this.current === undefined) return;
    this.send({ jsonrpc: '2.0', id: this.current, error: toRpcError(error, this.options.panicMessage?.()) });
    this.current = undefined;
  }

  private async answer(request: Request): Promise<void> {
    this.current = request.id;
    try {
      const result = await this.options.handle(request.method, request.params);
      this.send({ jsonrpc: '2.0', id: request.id, result });
    } catch (error) {
      if (isPanic(error)) this.panicked = true;
      this.send({ jsonrpc: '2.0', id: request.id, error: toRpcError(error, this.options.panicMessage?.()) });
    } finally {
      this.current = undefined;
    }
  }

  private send(message: Request | Response): void {
    this.options.output.write(`${JSON.stringify(message)}\n`);
  }
}
