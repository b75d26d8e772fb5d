import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../db';
import { findSessionUser } from '../auth/find-session-user';
import { updateIdentityProvider } from '../idp/update-identity-provider';
import { deleteIdentityProvider } from '../idp/delete-identity-provider';
import type { IdpDeps } from '../idp/idp-deps';
import { provisionUser } from '../jit/provision-user';
import { refusalMessages } from '../jit/refusal-messages';
import { getJobProgress } from '../jobs/get-job-progress';
import { JOB_HANDLERS } from '../jobs/job-handlers';
import type { JobHandler } from '../jobs/job-types';
import { DEFAULT_LEASE_MS, runNextJob } from '../jobs/run-next-job';
import { seedDefaults } from '../setup/seed-defaults';
import { findSignInIdp } from '../signin/find-sign-in-idp';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { deleteDirectory } from './delete-directory';
import { DIRECTORY_DELETE_JOB, createDirectoryDeleteHandler } from './delete-directory-job';
import { getDirectory } from './get-directory';
import { listDirectories } from './list-directories';
import { listStaleUsers } from './list-stale-users';
import { addDirectoryDomain } from './manage-domains';
import { setJit } from './set-jit';
import { streamStaleUsersCsv } from './stream-stale-users-csv';

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

function domainName(prefix = 'acme') {
  return `${uniqueName(prefix).replace(/_/g, '-')}.test`;
}

function fakeDeps() {
  const removes: string[] = [];
  const deps: IdpDeps = {
    fetchMetadata: async (url) => {
      throw new Error(`unexpected fetch of ${url}`);
    },
    connections: {
      upsert: async (idp) => ({ clientId: idp.samlClientId ?? `client-${idp.id}` }),
      remove: async (clientId) => {
        removes.push(clientId);
      },
    },
  };
  return { deps, removes };
}

type JitSetup = { idpId: string; idpName: string; directoryId: string; directoryName: string; domains: string[] };

/** A third-party IdP with JIT on, its directory created by setJit (rules 2-3). */
async function createJitIdp(db: Db, domainCount = 1): Promise<JitSetup> {
  const idpName = uniqueName('IdP');
  const idp = await db.identityProvider.create({
    data: { name: idpName, type: 'saml', enabled: true, samlClientId: uniqueName('client') },
  });
  const directoryName = uniqueName('Dir');
  const domains = Array.from({ length: domainCount }, () => domainName());
  const { directoryId } = await setJit(db, actor, idp.id, { enabled: true, directory: { name: directoryName, domains } });
  if (!directoryId) throw new Error('no directory');
  return { idpId: idp.id, idpName, directoryId, directoryName, domains };
}

/** Users with an attribute value, a group membership and a session each; returns their ids and session ids. */
async function addUsers(db: Db, directoryId: string, domain: string, count: number, groupId?: string) {
  const { id: domainId } = await db.domain.findUniqueOrThrow({ where: { name: domain } });
  const users: { id: string; sessionId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const user = await db.user.create({
      data: {
        directoryId,
        domainId,
        userName: uniqueName('user'),
        attributes: { create: [{ name: 'department', value: 'Sales' }] },
        sessions: { create: [{ expiresAt: new Date(Date.now() + 3_600_000) }] },
        ...(groupId ? { memberships: { create: [{ groupId }] } } : {}),
      },
      select: { id: true, sessions: { select: { id: true } } },
    });
    users.push({ id: user.id, sessionId: user.sessions[0]?.id ?? '' });
  }
  return users;
}

function assertion(idpId: string, userName: string) {
  return {
    idpId,
    nameId: userName,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    assertionId: uniqueName('_assertion'),
    sessionIndex: uniqueName('_session'),
    attributes: [{ name: 'userName', values: [userName] }],
  };
}

/** Runs queued jobs (as the worker does) until `jobId` is finished; returns its progress. */
async function runUntilDone(db: Db, jobId: string, handlers: Record<string, JobHandler> = JOB_HANDLERS, now?: () => Date) {
  for (let i = 0; i < 1_000; i++) {
    const progress = await getJobProgress(db, jobId);
    if (progress?.status === 'done' || progress?.status === 'failed') return progress;
    await runNextJob(db, handlers, { workerId: uniqueName('worker'), now });
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function auditCount(db: Db, action: string, targetId: string) {
  return db.auditEvent.count({ where: { action, targetId } });
}

for (const provider of TEST_PROVIDERS) {
  describe(`directories on ${provider}`, () => {
    const ctx = useTestDatabase(provider);
    beforeAll(async () => seedDefaults(ctx.db));

    it('lists and gets directories with type, IdP, domains, user count, last sign-in and state', async () => {
      const jit = await createJitIdp(ctx.db, 2);
      const users = await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 3);
      const latest = new Date('2031-01-02T03:04:05.000Z');
      await ctx.db.user.update({ where: { id: users[0]!.id }, data: { lastSignInAt: new Date('2030-01-01T00:00:00.000Z') } });
      await ctx.db.user.update({ where: { id: users[1]!.id }, data: { lastSignInAt: latest } });
      const local = await ctx.db.directory.create({ data: { name: uniqueName('Local'), type: 'local' } });

      const view = await getDirectory(ctx.db, jit.directoryId);
      expect(view).toMatchObject({
        id: jit.directoryId,
        name: jit.directoryName,
        type: 'jit',
        idp: { id: jit.idpId, name: jit.idpName },
        domains: [...jit.domains].sort(),
        userCount: 3,
        lastSignInAt: latest,
        state: { kind: 'active', label: 'Active' },
      });
      expect(await getDirectory(ctx.db, local.id)).toMatchObject({
        type: 'local',
        idp: null,
        domains: [],
        userCount: 0,
        lastSignInAt: null,
      });
      await expect(getDirectory(ctx.db, 'no-such-directory')).rejects.toThrow('No such directory.');

      // Pages by name: walking them with limit 1 meets every directory once, in order.
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 100; i++) {
        const page = await listDirectories(ctx.db, { cursor, limit: 1 });
        seen.push(...page.data.map((d) => d.name));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual([...seen].sort());
      expect(seen).toEqual(expect.arrayContaining([jit.directoryName, local.name]));
      expect(new Set(seen).size).toBe(seen.length);
      await expect(listDirectories(ctx.db, { limit: 0 })).rejects.toBeInstanceOf(ZodError);
    });

    it('deletes a directory in batches in the background: sign-ins and sessions refused at once, domains freed only at the end', async () => {
      const jit = await createJitIdp(ctx.db, 2);
      const [first, second] = jit.domains as [string, string];
      const group = await ctx.db.group.create({ data: { name: uniqueName('Group') } });
      const users = [
        ...(await addUsers(ctx.db, jit.directoryId, first, 4, group.id)),
        ...(await addUsers(ctx.db, jit.directoryId, second, 3, group.id)),
      ];
      const ids = users.map((u) => u.id);
      const bystanderIdp = await createJitIdp(ctx.db);
      const [bystander] = await addUsers(ctx.db, bystanderIdp.directoryId, bystanderIdp.domains[0]!, 1, group.id);
      expect(await findSessionUser(ctx.db, users[0]!.sessionId)).toMatchObject({ id: users[0]!.id });

      await expect(deleteDirectory(ctx.db, actor, jit.directoryId, 6)).rejects.toThrow(
        `Deleting the directory "${jit.directoryName}" deletes 7 users; confirm with that number.`,
      );
      expect(await ctx.db.directory.findUniqueOrThrow({ where: { id: jit.directoryId } })).toMatchObject({ deletingAt: null });
      const started = await deleteDirectory(ctx.db, actor, jit.directoryId, 7);
      expect(started).toEqual({ status: 'deleting', usersDeleted: 7, jobId: expect.any(String) });
      const jobId = started.jobId!;

      // At once: JIT off, sign-ins refused with the reason, sessions no longer count, the login page says why.
      expect(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: jit.idpId } })).toMatchObject({
        jitEnabled: false,
        enabled: true,
      });
      const deleting = refusalMessages.directoryDeleting(jit.directoryName, jit.idpName);
      expect(await provisionUser(ctx.db, assertion(jit.idpId, uniqueName('newcomer')))).toEqual({ outcome: 'refused', reason: deleting });
      expect(await ctx.db.auditEvent.count({ where: { action: 'signin.refused', idpId: jit.idpId, reason: deleting } })).toBe(1);
      for (const user of users) expect(await findSessionUser(ctx.db, user.sessionId)).toBeNull();
      expect(await findSessionUser(ctx.db, bystander!.sessionId)).toMatchObject({ id: bystander!.id });
      expect(await findSignInIdp(ctx.db, `someone@${first}`)).toEqual({
        ok: false,
        message: `Sign-in through ${jit.idpName} is unavailable: its directory is being deleted. Ask your administrator.`,
      });
      expect((await getDirectory(ctx.db, jit.directoryId)).state).toMatchObject({
        kind: 'deleting',
        label: 'Deleting… queued (7 users)',
        deletion: { id: jobId, status: 'queued', done: 0, total: 7 },
      });
      expect(await auditCount(ctx.db, 'directory.delete.start', jit.directoryId)).toBe(1);
      // Calling it again changes nothing: the same job.
      expect(await deleteDirectory(ctx.db, actor, jit.directoryId, 0)).toEqual({ status: 'deleting', usersDeleted: 7, jobId });

      // Its domains stay owned, unchanged, and the IdP cannot get a new directory yet.
      const claimer = await ctx.db.identityProvider.create({ data: { name: uniqueName('Claimer'), type: 'saml' } });
      await expect(
        setJit(ctx.db, actor, claimer.id, { enabled: true, directory: { name: uniqueName('Grab'), domains: [first] } }),
      ).rejects.toThrow(`The domain ${first} already belongs to the directory "${jit.directoryName}".`);
      await expect(
        setJit(ctx.db, actor, jit.idpId, { enabled: true, directory: { name: uniqueName('Again'), domains: [domainName()] } }),
      ).rejects.toThrow(
        `The directory "${jit.directoryName}" is being deleted; JIT can be set up again for ${jit.idpName} once the deletion has finished.`,
      );
      await expect(addDirectoryDomain(ctx.db, actor, jit.directoryId, { domain: domainName() })).rejects.toThrow('is being deleted');

      // Batches of 3: one batch, then the worker "crashes" holding the lease.
      const handlers = { [DIRECTORY_DELETE_JOB]: createDirectoryDeleteHandler({ batchSize: 3 }) };
      expect(await runNextJob(ctx.db, handlers, { workerId: 'crashing', maxBatches: 1 })).toEqual({ id: jobId, status: 'running' });
      expect(await ctx.db.user.count({ where: { id: { in: ids } } })).toBe(4);
      expect(await getJobProgress(ctx.db, jobId)).toMatchObject({ status: 'running', done: 3, total: 7 });
      expect((await getDirectory(ctx.db, jit.directoryId)).state.label).toBe('Deleting… 3 of 7');
      expect(await ctx.db.domain.count({ where: { name: { in: jit.domains } } })).toBe(2);
      // Nobody else runs it while the lease holds.
      expect(await runNextJob(ctx.db, handlers, { workerId: 'eager' })).toBeNull();

      // After the lease runs out another worker resumes it where it stopped and finishes it.
      const later = () => new Date(Date.now() + DEFAULT_LEASE_MS + 1_000);
      expect(await runUntilDone(ctx.db, jobId, handlers, later)).toMatchObject({ status: 'done', done: 7, total: 7 });

      expect(await ctx.db.user.count({ where: { id: { in: ids } } })).toBe(0);
      expect(await ctx.db.userAttributeValue.count({ where: { userId: { in: ids } } })).toBe(0);
      expect(await ctx.db.groupMembership.count({ where: { userId: { in: ids } } })).toBe(0);
      expect(await ctx.db.userSession.count({ where: { userId: { in: ids } } })).toBe(0);
      expect(await ctx.db.directory.count({ where: { id: jit.directoryId } })).toBe(0);
      expect(await ctx.db.domain.count({ where: { name: { in: jit.domains } } })).toBe(0);
      expect(await findSessionUser(ctx.db, bystander!.sessionId)).toMatchObject({ id: bystander!.id });
      expect(await ctx.db.groupMembership.count({ where: { groupId: group.id } })).toBe(1);
      const final = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'directory.delete', targetId: jit.directoryId } });
      expect(final).toMatchObject({ actorType: 'admin', actorId: actor.id, idpId: jit.idpId });
      expect(JSON.parse(final.details ?? '{}')).toMatchObject({
        usersDeleted: 7,
        jobId,
        before: { domains: expect.arrayContaining(jit.domains) },
      });

      // After: JIT off, the login page knows the domain no more, and the freed domain can be claimed again.
      expect(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: jit.idpId } })).toMatchObject({ jitEnabled: false });
      expect(await provisionUser(ctx.db, assertion(jit.idpId, uniqueName('late')))).toEqual({
        outcome: 'refused',
        reason: refusalMessages.jitOff(jit.idpName),
      });
      expect(await findSignInIdp(ctx.db, `someone@${first}`)).toMatchObject({
        ok: false,
        message: expect.stringContaining('Single sign-on is not set up'),
      });
      await setJit(ctx.db, actor, jit.idpId, { enabled: true, directory: { name: uniqueName('Again'), domains: [first] } });
    });

    it('a batch that runs twice (crash before its cursor was saved) deletes the next users, and a finished job stays finished', async () => {
      const jit = await createJitIdp(ctx.db);
      await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 5);
      const { jobId } = await deleteDirectory(ctx.db, actor, jit.directoryId, 5);
      const job = await ctx.db.job.findUniqueOrThrow({ where: { id: jobId! } });
      const handler = createDirectoryDeleteHandler({ batchSize: 2 });
      const batch = { id: job.id, payload: JSON.parse(job.payload) as unknown, cursor: null };
      expect(await handler.runBatch(ctx.db, batch)).toEqual({ cursor: { deleted: 2 }, done: 2, total: 5, finished: false });
      // The same cursor again, as after a crash: the next two go, and the count is only progress.
      expect(await handler.runBatch(ctx.db, batch)).toEqual({ cursor: { deleted: 2 }, done: 2, total: 5, finished: false });
      expect(await ctx.db.user.count({ where: { directoryId: jit.directoryId } })).toBe(1);
      expect(await handler.runBatch(ctx.db, { ...batch, cursor: { deleted: 2 } })).toEqual({
        cursor: { deleted: 3 },
        done: 5,
        total: 5,
        finished: true,
      });
      expect(await ctx.db.directory.count({ where: { id: jit.directoryId } })).toBe(0);
      // Once more after the end: nothing to do, no second audit event.
      expect(await handler.runBatch(ctx.db, { ...batch, cursor: { deleted: 3 } })).toMatchObject({ finished: true });
      expect(await auditCount(ctx.db, 'directory.delete', jit.directoryId)).toBe(1);
      await ctx.db.job.update({ where: { id: job.id }, data: { status: 'done' } });
    });

    it('a directory without users is deleted at once; a failed deletion is queued again by deleting again', async () => {
      const empty = await createJitIdp(ctx.db);
      expect(await deleteDirectory(ctx.db, actor, empty.directoryId, 0)).toEqual({ status: 'deleted', usersDeleted: 0, jobId: null });
      expect(await ctx.db.directory.count({ where: { id: empty.directoryId } })).toBe(0);
      expect(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: empty.idpId } })).toMatchObject({ jitEnabled: false });
      expect(await auditCount(ctx.db, 'directory.delete', empty.directoryId)).toBe(1);

      const jit = await createJitIdp(ctx.db);
      await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 2);
      const { jobId } = await deleteDirectory(ctx.db, actor, jit.directoryId, 2);
      await ctx.db.job.update({ where: { id: jobId! }, data: { status: 'failed', error: 'disk full' } });
      expect((await getDirectory(ctx.db, jit.directoryId)).state).toMatchObject({
        kind: 'deleting',
        label: 'Deletion stopped at 0 of 2',
        deletion: { status: 'failed', error: 'disk full' },
      });
      const again = await deleteDirectory(ctx.db, actor, jit.directoryId, 0);
      expect(again).toMatchObject({ status: 'deleting', usersDeleted: 2 });
      expect(again.jobId).not.toBe(jobId);
      expect(await runUntilDone(ctx.db, again.jobId!)).toMatchObject({ status: 'done' });
      expect(await ctx.db.directory.count({ where: { id: jit.directoryId } })).toBe(0);
    });

    it('deleting an IdP with users queues its directory deletion and removes the IdP at the end', async () => {
      const { deps, removes } = fakeDeps();
      const jit = await createJitIdp(ctx.db);
      const idpRow = await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: jit.idpId } });
      await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 2);
      await expect(deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 1 }, deps)).rejects.toThrow(
        'deletes 2 users; confirm with that number',
      );
      const started = await deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 2 }, deps);
      expect(started).toEqual({ status: 'deleting', usersDeleted: 2, jobId: expect.any(String) });
      // Disabled, its SAML connection gone, still listed until the job ends; changes refused meanwhile.
      expect(await ctx.db.identityProvider.findUniqueOrThrow({ where: { id: jit.idpId } })).toMatchObject({
        enabled: false,
        jitEnabled: false,
      });
      expect(removes).toEqual([idpRow.samlClientId]);
      await expect(updateIdentityProvider(ctx.db, actor, jit.idpId, { enabled: true }, deps)).rejects.toThrow('is being deleted');
      expect(await deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 0 }, deps)).toEqual(started);

      expect(await runUntilDone(ctx.db, started.jobId!)).toMatchObject({ status: 'done', done: 2 });
      expect(await ctx.db.identityProvider.count({ where: { id: jit.idpId } })).toBe(0);
      expect(await ctx.db.directory.count({ where: { id: jit.directoryId } })).toBe(0);
      expect(await auditCount(ctx.db, 'idp.delete', jit.idpId)).toBe(1);
      expect(await deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 0 }, deps)).toEqual({
        status: 'deleted',
        usersDeleted: 0,
        jobId: null,
      });
    });

    it('refuses to delete an IdP while its directory is being deleted on its own; an IdP without users goes at once', async () => {
      const { deps } = fakeDeps();
      const jit = await createJitIdp(ctx.db);
      await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 1);
      const { jobId } = await deleteDirectory(ctx.db, actor, jit.directoryId, 1);
      await expect(deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 0 }, deps)).rejects.toThrow(
        `The directory of "${jit.idpName}" is being deleted; delete the identity provider once that has finished.`,
      );
      await runUntilDone(ctx.db, jobId!);
      expect(await deleteIdentityProvider(ctx.db, actor, jit.idpId, { confirmUsers: 0 }, deps)).toEqual({
        status: 'deleted',
        usersDeleted: 0,
        jobId: null,
      });

      const idle = await createJitIdp(ctx.db);
      expect(await deleteIdentityProvider(ctx.db, actor, idle.idpId, { confirmUsers: 0 }, deps)).toMatchObject({ status: 'deleted' });
      expect(await ctx.db.identityProvider.count({ where: { id: idle.idpId } })).toBe(0);
      expect(await ctx.db.directory.count({ where: { id: idle.directoryId } })).toBe(0);
    });

    it('reports stale users (never signed in counts from creation), a page at a time', async () => {
      const jit = await createJitIdp(ctx.db);
      const now = new Date('2031-06-01T00:00:00.000Z');
      const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
      const [old, recent, neverOld, neverNew] = await addUsers(ctx.db, jit.directoryId, jit.domains[0]!, 4);
      await ctx.db.user.update({ where: { id: old!.id }, data: { createdAt: ago(400), lastSignInAt: ago(100) } });
      await ctx.db.user.update({ where: { id: recent!.id }, data: { createdAt: ago(400), lastSignInAt: ago(10) } });
      await ctx.db.user.update({ where: { id: neverOld!.id }, data: { createdAt: ago(200), lastSignInAt: null } });
      await ctx.db.user.update({ where: { id: neverNew!.id }, data: { createdAt: ago(5), lastSignInAt: null } });

      const report = await listStaleUsers(ctx.db, jit.directoryId, { now });
      expect(report).toMatchObject({ days: 90, cutoff: ago(90), total: 2 });
      expect(report.data.map((u) => u.id).sort()).toEqual([old!.id, neverOld!.id].sort());
      expect(report.data[0]).toMatchObject({ domain: jit.domains[0], status: 'active' });
      const week = await listStaleUsers(ctx.db, jit.directoryId, { now, days: '7' });
      expect(week.total).toBe(3);
      expect(week.data.map((u) => u.id)).not.toContain(neverNew!.id);

      const firstPage = await listStaleUsers(ctx.db, jit.directoryId, { now, days: 7, limit: 2 });
      expect(firstPage.data).toHaveLength(2);
      const secondPage = await listStaleUsers(ctx.db, jit.directoryId, { now, days: 7, limit: 2, cursor: firstPage.nextCursor! });
      expect(secondPage).toMatchObject({ nextCursor: null });
      expect([...firstPage.data, ...secondPage.data].map((u) => u.id).sort()).toEqual(week.data.map((u) => u.id).sort());

      await expect(listStaleUsers(ctx.db, jit.directoryId, { days: '0' })).rejects.toBeInstanceOf(ZodError);
      await expect(listStaleUsers(ctx.db, jit.directoryId, { days: 'soon' })).rejects.toBeInstanceOf(ZodError);
      await expect(listStaleUsers(ctx.db, 'no-such-directory', {})).rejects.toThrow('No such directory.');
    });

    it('exports the stale users as CSV with a header, quoting and formula-injection protection', async () => {
      const jit = await createJitIdp(ctx.db);
      const { id: domainId } = await ctx.db.domain.findUniqueOrThrow({ where: { name: jit.domains[0]! } });
      const now = new Date('2031-06-01T00:00:00.000Z');
      const createdAt = new Date('2031-01-01T00:00:00.000Z');
      const hostile = ['=HYPERLINK("http://evil.test")', '+1+1', '-2', '@SUM(A1)'];
      for (const [i, userName] of hostile.entries()) {
        await ctx.db.user.create({
          data: {
            directoryId: jit.directoryId,
            domainId,
            userName,
            email: i === 0 ? 'a,b@example.test' : null,
            firstName: i === 0 ? 'Say "hi"' : 'Line\nbreak',
            createdAt,
          },
        });
      }
      const { body, days, directoryName } = await streamStaleUsersCsv(ctx.db, jit.directoryId, { now });
      expect({ days, directoryName }).toEqual({ days: 90, directoryName: jit.directoryName });
      const csv = await new Response(body).text();
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('userName,email,firstName,lastName,domain,status,lastSignInAt,createdAt,inactiveDays');
      expect(csv).toContain(
        `"'=HYPERLINK(""http://evil.test"")","a,b@example.test","Say ""hi""",,${jit.domains[0]},active,,2031-01-01T00:00:00.000Z,151\r\n`,
      );
      expect(csv).toContain(`'+1+1,,"Line\nbreak",`);
      expect(csv).toContain(`'-2,`);
      expect(csv).toContain(`'@SUM(A1),`);
      expect(csv.endsWith('\r\n')).toBe(true);
      expect(lines.filter((line) => line.includes(jit.domains[0]!))).toHaveLength(4);
      await expect(streamStaleUsersCsv(ctx.db, jit.directoryId, { days: '-1' })).rejects.toBeInstanceOf(ZodError);
    });
  });
}
