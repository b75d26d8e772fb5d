import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { getJobProgress } from '../jobs/get-job-progress';
import { JOB_HANDLERS } from '../jobs/job-handlers';
import { DEFAULT_LEASE_MS, runNextJob } from '../jobs/run-next-job';
import { createGroup } from './create-group';
import { getGroup, listGroups } from './get-group';
import { createDirectory, createUsers, defineAttributes } from './group-fixtures';
import { readRecomputePayload } from './recompute-payload';
import { RECOMPUTE_BATCH_LIMITS, createGroupRecomputeHandler } from './recompute-group-memberships';
import { rerunGroupRecompute } from './rerun-group-recompute';
import { updateGroup } from './update-group';

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;
const ATTRIBUTES = ['userName', 'email', 'department', 'groups', 'title'];

async function jobOf(db: Db, jobId: string | null) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId ?? '' } });
  return { id: job.id, payload: JSON.parse(job.payload) as unknown, cursor: null as unknown };
}

async function latestJob(db: Db, groupId: string) {
  const jobs = await db.job.findMany({ where: { type: 'group.recompute' }, orderBy: { createdAt: 'asc' } });
  const mine = jobs.filter((job) => readRecomputePayload(job.payload)?.groupId === groupId);
  const job = mine.at(-1);
  if (!job) throw new Error('no job');
  return { id: job.id, payload: JSON.parse(job.payload) as unknown, cursor: null as unknown };
}

/** Runs a job's batches the way the runner does (cursor carried from one batch to the next) and returns every result. */
async function runToEnd(
  db: Db,
  handler: ReturnType<typeof createGroupRecomputeHandler>,
  job: { id: string; payload: unknown; cursor: unknown },
) {
  const results = [];
  let cursor = job.cursor;
  for (let i = 0; i < 10_000; i++) {
    const result = await handler.runBatch(db, { ...job, cursor });
    results.push(result);
    cursor = result.cursor;
    if (result.finished) return results;
  }
  throw new Error('the job did not finish');
}

async function memberships(db: Db, groupId: string) {
  const rows = await db.groupMembership.findMany({ where: { groupId }, select: { userId: true, ruleId: true } });
  return new Map(rows.map((row) => [row.userId, row.ruleId]));
}

for (const provider of TEST_PROVIDERS) {
  describe(`group.recompute on ${provider}`, () => {
    const ctx = useTestDatabase(provider);

    it('adds missing members with their rule, updates changed reasons and removes non-matching members, over many batches', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const sales = uniqueName('Sales');
      const vpn = uniqueName('vpn');
      const [bySales, byVpn, byBoth, stale, wrongReason, outsider, multi] = await createUsers(ctx.db, directory.id, [
        { userName: uniqueName('a'), attributes: { department: [sales] } },
        { userName: uniqueName('b'), attributes: { groups: ['x', vpn] } },
        { userName: uniqueName('c'), attributes: { department: [sales], groups: [vpn] } },
        { userName: uniqueName('d'), attributes: { department: ['Support'] } },
        { userName: uniqueName('e'), attributes: { groups: [vpn] } },
        { userName: uniqueName('f') },
        { userName: uniqueName('g'), attributes: { department: ['Support', sales.toLowerCase()] } },
      ]);
      const { id, jobId } = await createGroup(ctx.db, actor, {
        name: uniqueName('Recompute'),
        matchMode: 'any',
        rules: [
          { attribute: 'department', operator: 'equals', value: sales },
          { attribute: 'groups', operator: 'oneOf', value: [vpn, 'nothing'] },
        ],
      });
      const [salesRule, vpnRule] = (await getGroup(ctx.db, id)).rules;
      // Before the job: a member who no longer matches, and one placed by the other rule.
      await ctx.db.groupMembership.createMany({
        data: [
          { userId: stale as string, groupId: id, ruleId: salesRule?.id },
          { userId: wrongReason as string, groupId: id, ruleId: salesRule?.id },
        ],
      });
      const otherGroup = await createGroup(ctx.db, actor, {
        name: uniqueName('Other'),
        rules: [{ attribute: 'title', operator: 'present', value: '' }],
      });
      await ctx.db.groupMembership.create({ data: { userId: stale as string, groupId: otherGroup.id } });

      const handler = createGroupRecomputeHandler({ batchSize: 2 });
      const results = await runToEnd(ctx.db, handler, await jobOf(ctx.db, jobId));
      const users = await ctx.db.user.count();
      expect(results.length).toBe(Math.floor(users / 2) + 1);
      expect(results.at(-1)).toMatchObject({ done: users, total: users, finished: true });
      expect(results.map((result) => result.done)).toEqual(results.map((_, i) => Math.min(users, (i + 1) * 2)));

      expect(await memberships(ctx.db, id)).toEqual(
        new Map([
          [bySales, salesRule?.id],
          [byVpn, vpnRule?.id],
          [byBoth, salesRule?.id],
          [wrongReason, vpnRule?.id],
          [multi, salesRule?.id],
        ]),
      );
      expect(outsider).toBeDefined();
      // Another group's memberships are not touched.
      expect(await ctx.db.groupMembership.count({ where: { groupId: otherGroup.id } })).toBe(1);

      const events = await ctx.db.auditEvent.findMany({ where: { action: 'group.recompute', targetId: id } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorType: 'system', outcome: 'success' });
      expect(JSON.parse(events[0]?.details ?? '{}')).toEqual({
        jobId,
        rulesVersion: 1,
        scanned: users,
        added: 4,
        removed: 1,
        reasonChanged: 1,
      });

      // Idempotent: the same job run again (e.g. its last batch after a crash) changes nothing and audits nothing new.
      const again = await runToEnd(ctx.db, handler, await jobOf(ctx.db, jobId));
      expect(again.at(-1)?.cursor).toMatchObject({ added: 0, removed: 0, reasonChanged: 0 });
      expect((await memberships(ctx.db, id)).size).toBe(5);
      expect(await ctx.db.auditEvent.count({ where: { action: 'group.recompute', targetId: id } })).toBe(1);

      // A rule change: members follow.
      await updateGroup(ctx.db, actor, id, { matchMode: 'all' });
      await runToEnd(ctx.db, handler, await latestJob(ctx.db, id));
      expect(await memberships(ctx.db, id)).toEqual(new Map([[byBoth, salesRule?.id]]));
    });

    it('stops when the rules move on (the newer job owns the group) and when the group is deleted', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      await createUsers(ctx.db, directory.id, [
        { userName: uniqueName('s') },
        { userName: uniqueName('s') },
        { userName: uniqueName('s') },
      ]);
      // Everyone has a userName: the first batch adds both of its users.
      const { id, jobId } = await createGroup(ctx.db, actor, {
        name: uniqueName('Superseded'),
        rules: [{ attribute: 'userName', operator: 'present', value: '' }],
      });
      const handler = createGroupRecomputeHandler({ batchSize: 2 });
      const job = await jobOf(ctx.db, jobId);
      const firstBatch = await handler.runBatch(ctx.db, job);
      expect(firstBatch).toMatchObject({ done: 2, finished: false });
      expect((await memberships(ctx.db, id)).size).toBe(2);

      await updateGroup(ctx.db, actor, id, { rules: [{ attribute: 'department', operator: 'equals', value: 'nobody' }] });
      const stopped = await handler.runBatch(ctx.db, { ...job, cursor: firstBatch.cursor });
      expect(stopped).toMatchObject({ done: 2, finished: true });
      expect((await memberships(ctx.db, id)).size).toBe(2);
      // The job that stopped says what it had changed.
      const events = await ctx.db.auditEvent.findMany({ where: { action: 'group.recompute', targetId: id } });
      expect(events.map((event) => JSON.parse(event.details ?? '{}') as unknown)).toEqual([
        { jobId, rulesVersion: 1, superseded: true, scanned: 2, added: 2, removed: 0, reasonChanged: 0 },
      ]);

      // The newer job removes them: nobody matches "nobody".
      await runToEnd(ctx.db, handler, await latestJob(ctx.db, id));
      expect((await memberships(ctx.db, id)).size).toBe(0);

      // Deleted group: the job ends at once, writing nothing.
      const again = await createGroup(ctx.db, actor, {
        name: uniqueName('Gone'),
        rules: [{ attribute: 'userName', operator: 'present', value: '' }],
      });
      await ctx.db.group.delete({ where: { id: again.id } });
      const result = await handler.runBatch(ctx.db, await jobOf(ctx.db, again.jobId));
      expect(result).toMatchObject({ finished: true, done: 0 });
      expect(await ctx.db.groupMembership.count({ where: { groupId: again.id } })).toBe(0);
    });

    it('runs under the job runner and resumes after a crash, from where it stood', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const team = uniqueName('team');
      const matching = await createUsers(
        ctx.db,
        directory.id,
        Array.from({ length: 5 }, () => ({ userName: uniqueName('r'), attributes: { groups: ['x', team] } })),
      );
      await createUsers(ctx.db, directory.id, [{ userName: uniqueName('r') }, { userName: uniqueName('r') }]);
      // Other tests' jobs (in this shared database) run first: the runner takes the oldest.
      const handlers = { 'group.recompute': createGroupRecomputeHandler({ batchSize: 2 }) };
      while ((await runNextJob(ctx.db, handlers, { workerId: 'warm-up' })) !== null);

      const { id, jobId } = await createGroup(ctx.db, actor, {
        name: uniqueName('Resumed'),
        rules: [{ attribute: 'groups', operator: 'contains', value: team }],
      });
      const t0 = new Date();
      const crashed = await runNextJob(ctx.db, handlers, { workerId: 'crashes', leaseMs: 60_000, now: () => t0, maxBatches: 2 });
      expect(crashed).toEqual({ id: jobId, status: 'running' });
      const midway = await getJobProgress(ctx.db, jobId);
      expect(midway).toMatchObject({ status: 'running', done: 4 });
      const users = await ctx.db.user.count();
      expect(midway?.total).toBe(users);

      // While the lease holds nobody else takes the job; once it has run out, another worker resumes it.
      expect(await runNextJob(ctx.db, handlers, { workerId: 'other', now: () => new Date(t0.getTime() + 30_000) })).toBeNull();
      const resumed = await runNextJob(ctx.db, handlers, { workerId: 'other', now: () => new Date(t0.getTime() + 61_000) });
      expect(resumed).toEqual({ id: jobId, status: 'done' });
      expect(await getJobProgress(ctx.db, jobId)).toMatchObject({ status: 'done', done: users, total: users });
      expect([...(await memberships(ctx.db, id)).keys()].sort()).toEqual([...matching].sort());
      const events = await ctx.db.auditEvent.findMany({ where: { action: 'group.recompute', targetId: id } });
      expect(events.map((event) => JSON.parse(event.details ?? '{}') as unknown)).toEqual([
        { jobId, rulesVersion: 1, scanned: users, added: 5, removed: 0, reasonChanged: 0 },
      ]);
      expect((await getGroup(ctx.db, id)).recompute).toBeNull();
    });

    it('refuses a job whose payload is not a recompute payload', async () => {
      const handler = createGroupRecomputeHandler();
      await expect(handler.runBatch(ctx.db, { id: 'j', payload: { groupId: 1 }, cursor: null })).rejects.toThrow(/payload/);
    });

    it('a failed recompute shows as failed with its error, and running it again resumes it to the end', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const dept = uniqueName('dept');
      const [member] = await createUsers(ctx.db, directory.id, [{ userName: uniqueName('r'), attributes: { department: [dept] } }]);
      const { id, jobId } = await createGroup(ctx.db, actor, {
        name: uniqueName('Rerun'),
        rules: [{ attribute: 'department', operator: 'equals', value: dept }],
      });
      // As the runner leaves a job whose batches kept failing.
      await ctx.db.job.update({ where: { id: jobId ?? '' }, data: { status: 'failed', error: 'database unreachable', attempts: 3 } });
      expect((await getGroup(ctx.db, id)).recompute).toMatchObject({ jobId, status: 'failed', error: 'database unreachable' });
      expect((await listGroups(ctx.db, { limit: 200 })).data.find((group) => group.id === id)?.recompute?.status).toBe('failed');

      expect(await rerunGroupRecompute(ctx.db, actor, id)).toEqual({ jobId });
      expect(await ctx.db.job.findUniqueOrThrow({ where: { id: jobId ?? '' } })).toMatchObject({
        status: 'queued',
        attempts: 0,
        error: null,
      });
      // A second request while it is queued queues nothing more.
      expect(await rerunGroupRecompute(ctx.db, actor, id)).toEqual({ jobId });
      for (let i = 0; i < 100; i++) {
        const ran = await runNextJob(ctx.db, JOB_HANDLERS, { workerId: 'test-worker' });
        if (!ran || ran.id === jobId) break;
      }
      expect(await ctx.db.job.findUniqueOrThrow({ where: { id: jobId ?? '' } })).toMatchObject({ status: 'done' });
      expect((await getGroup(ctx.db, id)).recompute).toBeNull();
      expect([...(await memberships(ctx.db, id)).keys()]).toEqual([member]);
      const events = await ctx.db.auditEvent.findMany({ where: { action: 'group.recompute.rerun', targetId: id } });
      expect(events).toHaveLength(1);
      await expect(rerunGroupRecompute(ctx.db, actor, 'no-such-group')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}

it('a recompute batch can never outlast the job lease it runs under', () => {
  expect(RECOMPUTE_BATCH_LIMITS.maxWait + RECOMPUTE_BATCH_LIMITS.timeout).toBeLessThan(DEFAULT_LEASE_MS);
});
