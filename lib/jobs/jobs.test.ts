import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { createDb, type Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { enqueueJob } from './enqueue-job';
import { findActiveJob } from './find-active-job';
import { getJobProgress, listJobs } from './get-job-progress';
import type { JobBatch, JobHandler } from './job-types';
import { DEFAULT_LEASE_MS, MAX_STARTS, RETRY_DELAY_MS, runNextJob } from './run-next-job';
import { startJobWorker } from './start-job-worker';

/** A clock the test moves by hand. */
function testClock() {
  let now = Date.now();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

type Cursor = { next: number; sum: number };

/**
 * Counts 0..items-1 in batches of `size`, adding each item to the sum carried in the cursor, and records
 * every batch it was given (which worker, from which cursor).
 */
function countingHandler(items: number, size: number, onBatch?: (job: JobBatch, batch: number) => Promise<void> | void) {
  const seen: { cursor: Cursor | null; payload: unknown }[] = [];
  const handler: JobHandler = {
    async runBatch(_db, job) {
      const cursor = job.cursor as Cursor | null;
      seen.push({ cursor, payload: job.payload });
      await onBatch?.(job, seen.length);
      const from = cursor?.next ?? 0;
      const to = Math.min(items, from + size);
      let sum = cursor?.sum ?? 0;
      for (let item = from; item < to; item++) sum += item;
      return { cursor: { next: to, sum }, done: to, total: items, finished: to >= items };
    },
  };
  return { handler, seen };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(TEST_PROVIDERS)('jobs on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  // runNextJob takes any runnable job: no test may leave one for the next.
  afterEach(async () => {
    await ctx.db.job.deleteMany({});
  });

  it('runs a job to completion batch by batch, recording progress after each batch', async () => {
    const type = uniqueName('count');
    const progressDuringBatches: { status: string; done: number; total: number; cursor: string | null }[] = [];
    const { handler, seen } = countingHandler(10, 3, async (job) => {
      const row = await ctx.db.job.findUniqueOrThrow({ where: { id: job.id } });
      progressDuringBatches.push({ status: row.status, done: row.done, total: row.total, cursor: row.cursor });
    });
    const { id } = await enqueueJob(ctx.db, { type, payload: { label: 'ten', at: 1 }, total: 10 });
    expect(await getJobProgress(ctx.db, id)).toMatchObject({
      id,
      type,
      status: 'queued',
      done: 0,
      total: 10,
      error: null,
      finishedAt: null,
    });

    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'w1' })).toEqual({ id, status: 'done' });

    expect(seen.map((batch) => batch.cursor)).toEqual([null, { next: 3, sum: 3 }, { next: 6, sum: 15 }, { next: 9, sum: 36 }]);
    expect(seen.every((batch) => JSON.stringify(batch.payload) === '{"label":"ten","at":1}')).toBe(true);
    expect(progressDuringBatches).toEqual([
      { status: 'running', done: 0, total: 10, cursor: null },
      { status: 'running', done: 3, total: 10, cursor: '{"next":3,"sum":3}' },
      { status: 'running', done: 6, total: 10, cursor: '{"next":6,"sum":15}' },
      { status: 'running', done: 9, total: 10, cursor: '{"next":9,"sum":36}' },
    ]);
    const row = await ctx.db.job.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      status: 'done',
      done: 10,
      total: 10,
      cursor: '{"next":10,"sum":45}',
      lockedBy: null,
      lockedUntil: null,
      error: null,
    });
    expect(row.finishedAt).toBeInstanceOf(Date);
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'w1' })).toBeNull();
  });

  it('returns null when nothing is runnable', async () => {
    expect(await runNextJob(ctx.db, {}, { workerId: 'idle' })).toBeNull();
  });

  it('lets exactly one of several racing workers claim a job', async () => {
    const clients: Db[] = Array.from({ length: 4 }, () => createDb(ctx.url));
    try {
      for (let round = 0; round < 5; round++) {
        const type = uniqueName('race');
        const { handler, seen } = countingHandler(6, 2, () => new Promise((resolve) => setTimeout(resolve, 10)));
        const { id } = await enqueueJob(ctx.db, { type, payload: { round } });
        const results = await Promise.all(clients.map((db, i) => runNextJob(db, { [type]: handler }, { workerId: `racer-${i}` })));
        expect(results.filter((result) => result !== null)).toEqual([{ id, status: 'done' }]);
        expect(seen.map((batch) => batch.cursor?.next ?? 0)).toEqual([0, 2, 4]);
        expect(await ctx.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
          status: 'done',
          attempts: 1,
          cursor: '{"next":6,"sum":15}',
        });
      }
    } finally {
      await Promise.all(clients.map((db) => db.$disconnect()));
    }
  });

  it('resumes a crashed worker’s job from its saved cursor once the lease expires', async () => {
    const type = uniqueName('crash');
    const clock = testClock();
    const { handler, seen } = countingHandler(10, 2);
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });

    // Worker A runs two batches and "crashes": it never releases the job.
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'A', now: clock.now, leaseMs: 30_000, maxBatches: 2 })).toEqual({
      id,
      status: 'running',
    });
    const abandoned = await ctx.db.job.findUniqueOrThrow({ where: { id } });
    expect(abandoned).toMatchObject({ status: 'running', lockedBy: 'A', done: 4, cursor: '{"next":4,"sum":6}' });

    // While A's lease holds, nobody else takes the job.
    clock.advance(29_000);
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'B', now: clock.now })).toBeNull();

    clock.advance(2_000);
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'B', now: clock.now })).toEqual({ id, status: 'done' });
    expect(seen.map((batch) => batch.cursor?.next ?? 0)).toEqual([0, 2, 4, 6, 8]);
    expect(await ctx.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'done',
      done: 10,
      total: 10,
      cursor: '{"next":10,"sum":45}',
      attempts: 2,
      lockedBy: null,
    });
  });

  it('stops a worker that lost its lease to another', async () => {
    const type = uniqueName('lease');
    const clock = testClock();
    const handlers: Record<string, JobHandler> = {};
    const { handler, seen } = countingHandler(10, 2, async (_job, batch) => {
      if (batch === 2) {
        // A's second batch outlives its lease, and B takes the job over meanwhile.
        clock.advance(DEFAULT_LEASE_MS + 1);
        expect(await runNextJob(ctx.db, handlers, { workerId: 'B', now: clock.now, maxBatches: 0 })).toMatchObject({ status: 'running' });
      }
    });
    handlers[type] = handler;
    const { id } = await enqueueJob(ctx.db, { type, payload: null });

    expect(await runNextJob(ctx.db, handlers, { workerId: 'A', now: clock.now })).toEqual({ id, status: 'running' });
    expect(seen).toHaveLength(2);
    const row = await ctx.db.job.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'running', lockedBy: 'B', cursor: '{"next":2,"sum":1}' }); // A's second batch was not saved
  });

  it('retries a throwing handler after a delay, then fails the job with the error', async () => {
    const type = uniqueName('throws');
    const clock = testClock();
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      [type]: {
        runBatch() {
          calls++;
          return Promise.reject(new Error(`the directory service is down (call ${calls})`));
        },
      },
    };
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });
    const run = () => runNextJob(ctx.db, handlers, { workerId: 'w', now: clock.now });

    expect(await run()).toEqual({ id, status: 'queued', error: 'the directory service is down (call 1)' });
    expect(await getJobProgress(ctx.db, id)).toMatchObject({ status: 'queued', error: 'the directory service is down (call 1)' });
    expect(await run()).toBeNull(); // waiting out the retry delay
    clock.advance(RETRY_DELAY_MS);
    expect(await run()).toEqual({ id, status: 'queued', error: 'the directory service is down (call 2)' });
    clock.advance(2 * RETRY_DELAY_MS);
    expect(await run()).toEqual({ id, status: 'failed', error: 'the directory service is down (call 3)' });
    clock.advance(60 * RETRY_DELAY_MS);
    expect(await run()).toBeNull();
    expect(calls).toBe(3);
    const progress = await getJobProgress(ctx.db, id);
    expect(progress).toMatchObject({ status: 'failed', error: 'the directory service is down (call 3)' });
    expect(progress?.finishedAt).toBeInstanceOf(Date);
  });

  it('a retried job resumes from its last saved batch and clears the error when it finishes', async () => {
    const type = uniqueName('flaky');
    const clock = testClock();
    let failed = false;
    const { handler, seen } = countingHandler(6, 2, (_job, batch) => {
      if (batch === 2 && !failed) {
        failed = true;
        throw new Error('deadlock detected');
      }
    });
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'w', now: clock.now })).toMatchObject({ status: 'queued' });
    clock.advance(RETRY_DELAY_MS);
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'w', now: clock.now })).toEqual({ id, status: 'done' });
    expect(seen.map((batch) => batch.cursor?.next ?? 0)).toEqual([0, 2, 2, 4]);
    expect(await ctx.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'done',
      error: null,
      cursor: '{"next":6,"sum":15}',
    });
  });

  it('fails a job of an unknown type, or with an unreadable payload, at once', async () => {
    const type = uniqueName('nobody');
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });
    expect(await runNextJob(ctx.db, {}, { workerId: 'w' })).toEqual({
      id,
      status: 'failed',
      error: `No handler is registered for the job type "${type}".`,
    });
    expect(await getJobProgress(ctx.db, id)).toMatchObject({
      status: 'failed',
      error: `No handler is registered for the job type "${type}".`,
    });

    const known = uniqueName('known');
    const broken = await ctx.db.job.create({ data: { type: known, payload: '{not json' } });
    const { handler, seen } = countingHandler(1, 1);
    expect(await runNextJob(ctx.db, { [known]: handler }, { workerId: 'w' })).toMatchObject({ id: broken.id, status: 'failed' });
    expect(seen).toHaveLength(0);
  });

  it('gives up on a job whose worker dies every time', async () => {
    const type = uniqueName('killer');
    const clock = testClock();
    const { handler } = countingHandler(100, 1);
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });
    for (let start = 1; start <= MAX_STARTS; start++) {
      expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: `w${start}`, now: clock.now, maxBatches: 1 })).toMatchObject({
        status: 'running',
      });
      clock.advance(DEFAULT_LEASE_MS + 1);
    }
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'last', now: clock.now })).toMatchObject({ id, status: 'failed' });
    expect((await getJobProgress(ctx.db, id))?.error).toContain(`started ${MAX_STARTS} times`);
  });

  it('gives a job back to the queue, progress kept, when its worker is asked to stop', async () => {
    const type = uniqueName('graceful');
    const controller = new AbortController();
    const { handler, seen } = countingHandler(6, 2, (_job, batch) => {
      if (batch === 2) controller.abort();
    });
    const { id } = await enqueueJob(ctx.db, { type, payload: {} });
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'w', signal: controller.signal })).toEqual({ id, status: 'queued' });
    expect(await ctx.db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'queued',
      lockedBy: null,
      lockedUntil: null,
      attempts: 0,
      cursor: '{"next":4,"sum":6}',
    });
    expect(await runNextJob(ctx.db, { [type]: handler }, { workerId: 'other' })).toEqual({ id, status: 'done' });
    expect(seen.map((batch) => batch.cursor?.next ?? 0)).toEqual([0, 2, 4]);
  });

  it('enqueues inside a transaction: a rolled-back change leaves no job', async () => {
    const type = uniqueName('tx');
    await expect(
      ctx.db.$transaction(async (tx) => {
        await enqueueJob(tx, { type, payload: { a: 1 } });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await listJobs(ctx.db, { type })).toEqual([]);
    await ctx.db.$transaction((tx) => enqueueJob(tx, { type, payload: { a: 1 } }));
    expect(await listJobs(ctx.db, { type })).toHaveLength(1);
  });

  it('lists jobs newest first and finds the active job for a payload key', async () => {
    const type = uniqueName('list');
    const first = await enqueueJob(ctx.db, { type, payload: { groupId: 'g-1', rulesVersion: 1 } });
    const second = await enqueueJob(ctx.db, { type, payload: { groupId: 'g-2', rulesVersion: 1 } });
    const other = await enqueueJob(ctx.db, { type: uniqueName('other'), payload: { groupId: 'g-1' } });
    await ctx.db.job.update({ where: { id: second.id }, data: { createdAt: new Date(Date.now() + 1000) } });

    expect((await listJobs(ctx.db, { type })).map((job) => job.id)).toEqual([second.id, first.id]);
    expect((await listJobs(ctx.db, { type, limit: 1 })).map((job) => job.id)).toEqual([second.id]);
    expect(await listJobs(ctx.db, { type, status: 'done' })).toEqual([]);
    expect((await listJobs(ctx.db, {})).map((job) => job.id)).toContain(other.id);

    expect((await findActiveJob(ctx.db, { type }))?.id).toBe(first.id);
    expect((await findActiveJob(ctx.db, { type, payloadKey: 'g-2' }))?.id).toBe(second.id);
    expect(await findActiveJob(ctx.db, { type, payloadKey: 'g-3' })).toBeNull();
    const found = await findActiveJob(ctx.db, { type, payloadKey: 'g-1' });
    expect(found).toEqual(await getJobProgress(ctx.db, first.id));
    expect(found).not.toHaveProperty('payload');

    await ctx.db.job.update({ where: { id: first.id }, data: { status: 'done' } });
    expect(await findActiveJob(ctx.db, { type, payloadKey: 'g-1' })).toBeNull();
    expect(await getJobProgress(ctx.db, 'no-such-job')).toBeNull();
  });

  it('a started worker runs queued jobs one after another until stopped', async () => {
    const type = uniqueName('worker');
    const { handler } = countingHandler(4, 1);
    const ids = [await enqueueJob(ctx.db, { type, payload: 1 }), await enqueueJob(ctx.db, { type, payload: 2 })].map((job) => job.id);
    const worker = startJobWorker(ctx.db, { [type]: handler }, { workerId: 'bg', pollMs: 20 });
    try {
      await waitFor(async () => (await listJobs(ctx.db, { type, status: 'done' })).length === 2);
      const late = await enqueueJob(ctx.db, { type, payload: 3 });
      await waitFor(async () => (await getJobProgress(ctx.db, late.id))?.status === 'done');
      for (const id of ids) expect(await getJobProgress(ctx.db, id)).toMatchObject({ status: 'done', done: 4, total: 4 });
    } finally {
      await worker.stop();
    }
  });
});

describe('startJobWorker without a database', () => {
  const unreachable = createDb('postgresql://gatehouse@127.0.0.1:1/none');
  let errors: MockInstance<typeof console.error>;
  beforeAll(() => {
    errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterAll(async () => {
    errors.mockRestore();
    await unreachable.$disconnect();
  });

  it('logs the error, keeps polling, and stops when its signal aborts', async () => {
    const controller = new AbortController();
    const worker = startJobWorker(unreachable, {}, { workerId: 'lonely', pollMs: 10, signal: controller.signal });
    await waitFor(() => Promise.resolve(errors.mock.calls.length >= 2));
    expect(String(errors.mock.calls[0]?.[0])).toContain('Job worker lonely');
    controller.abort();
    await worker.stop();
    const logged = errors.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors.mock.calls.length).toBe(logged);
  });
});
