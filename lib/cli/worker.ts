/**
 * The background job worker: started by `npm start` beside Next.js (one per instance; instances sharing a
 * PostgreSQL database share the queue, each job running on one of them at a time). Reads .env like the
 * launcher (variables the launcher passes take precedence), runs jobs until SIGTERM or SIGINT, then gives
 * the running job back to the queue and exits. It also purges ended rate-limit windows (lib/rate-limit).
 * Run with `node --conditions=react-server --import tsx lib/cli/worker.ts`.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { getDb } from '../db';
import { EnvError, getEnv } from '../env';
import { JOB_HANDLERS } from '../jobs/job-handlers';
import { startJobWorker } from '../jobs/start-job-worker';
import { startRateLimitPurge } from '../rate-limit/purge-expired-rate-limits';

function main(): void {
  const envFile = join(process.cwd(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const env = getEnv();
  const db = getDb();
  const workerId = `${hostname()}:${process.pid}`;
  const worker = startJobWorker(db, JOB_HANDLERS, { workerId });
  // Ended rate-limit windows are deleted here too, every few minutes, by every instance's worker.
  const purge = startRateLimitPurge(db);
  const types = Object.keys(JOB_HANDLERS);
  console.log(`Job worker ${workerId} started (${env.databaseProvider}; job types: ${types.length > 0 ? types.join(', ') : 'none'}).`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Job worker ${workerId} stopping (${signal})…`);
    purge.stop();
    worker
      .stop()
      .then(() => db.$disconnect())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`Job worker ${workerId} did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  console.error(
    error instanceof EnvError ? error.message : `The job worker failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
