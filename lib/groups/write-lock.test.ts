import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { Db, Tx } from '../db';
import { sqlitePath } from '../sqlite-path';
import { uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { writeTransaction } from './write-lock';

/** The job worker's part: another process that writes one row to the same SQLite file and commits. */
const WORKER_SCRIPT = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 10000');
process.stdout.write('ready\\n');
db.prepare('INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (?, ?, ?)').run(process.argv[2], 'worker', Date.now());
db.close();
`;

describe('writeTransaction on sqlite, beside a worker process', () => {
  const ctx = useTestDatabase('sqlite');

  /** Reads, lets the other process write, then writes: what a console change does while a job runs. */
  async function readThenWrite(transaction: (db: Db, run: (tx: Tx) => Promise<void>) => Promise<void>) {
    const key = uniqueName('k');
    let worker: ReturnType<typeof spawn> | undefined;
    await transaction(ctx.db, async (tx) => {
      await tx.setting.findMany({ take: 1 });
      worker = spawn(process.execPath, ['-e', WORKER_SCRIPT, sqlitePath(ctx.url), `${key}-worker`], { stdio: ['ignore', 'pipe', 'pipe'] });
      await once(worker.stdout!, 'data'); // connected and about to write
      await sleep(300);
      await tx.setting.create({ data: { key, value: 'console' } });
    }).finally(async () => {
      if (worker && worker.exitCode === null) await once(worker, 'exit');
    });
    return ctx.db.setting.count({ where: { key: { startsWith: key } } });
  }

  it('commits a change that read first while the worker wrote: the worker waits its turn', async () => {
    expect(await readThenWrite(writeTransaction)).toBe(2);
  });

  it('is needed: a plain transaction fails with a busy snapshot in the same situation', async () => {
    await expect(readThenWrite((db, run) => db.$transaction(run))).rejects.toThrow(/timed out/); // Prisma's words for SQLITE_BUSY_SNAPSHOT
  });
});
