import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../db';
import type { JobHandler } from './job-types';
import { runNextJob } from './run-next-job';

export const DEFAULT_POLL_MS = 1_000;

/**
 * Runs jobs until stopped: one job at a time, the next one straight after, and a poll every `pollMs` while
 * the queue is empty. An error (the database away, a bug) is logged and the loop carries on. `stop()` (or
 * the signal) lets the running batch finish, gives its job back to the queue, and resolves once idle.
 */
export function startJobWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  options: { workerId: string; pollMs?: number; leaseMs?: number; signal?: AbortSignal },
): { stop(): Promise<void> } {
  const { workerId, leaseMs } = options;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (options.signal?.aborted) abort();
  else options.signal?.addEventListener('abort', abort, { once: true });

  const loop = (async () => {
    while (!controller.signal.aborted) {
      let ran = false;
      try {
        const result = await runNextJob(db, handlers, { workerId, leaseMs, signal: controller.signal });
        ran = result !== null;
        if (result?.status === 'failed') console.error(`Job ${result.id} failed: ${result.error ?? 'see its record'}`);
        if (result?.status === 'queued' && result.error) console.warn(`Job ${result.id} will be retried: ${result.error}`);
      } catch (error) {
        console.error(`Job worker ${workerId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      if (!ran) await sleep(pollMs, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  })();

  return {
    async stop() {
      abort();
      options.signal?.removeEventListener('abort', abort);
      await loop;
    },
  };
}
