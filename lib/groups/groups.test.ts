import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { createGroup } from './create-group';
import { deleteGroup } from './delete-group';
import { getGroup, listGroups } from './get-group';
import { getGroupMembers } from './get-group-members';
import { createDirectory, createUsers, defineAttributes } from './group-fixtures';
import { GROUPS_REVISION_KEY, bumpGroupsRevision, readGroupsRevision } from './groups-revision';
import { loadGroupsForEvaluation } from './load-groups-for-evaluation';
import { previewGroupRules } from './preview-group-rules';
import { readRecomputePayload } from './recompute-payload';
import { updateGroup } from './update-group';

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;
const ATTRIBUTES = ['userName', 'email', 'department', 'groups', 'title'];

const equals = (attribute: string, value: string) => ({ attribute, operator: 'equals' as const, value });

async function recomputeJobs(db: Db, groupId: string) {
  const jobs = await db.job.findMany({ where: { type: 'group.recompute' }, orderBy: { createdAt: 'asc' } });
  return jobs.filter((job) => readRecomputePayload(job.payload)?.groupId === groupId);
}

async function lastAudit(db: Db, action: string, targetId: string) {
  const event = await db.auditEvent.findFirst({ where: { action, targetId }, orderBy: { createdAt: 'desc' } });
  return event ? { ...event, details: JSON.parse(event.details ?? 'null') as Record<string, unknown> } : null;
}

for (const provider of TEST_PROVIDERS) {
  describe(`groups on ${provider}`, () => {
    const ctx = useTestDatabase(provider);

    it('creates a group with its rules in order, bumps the revision, audits and queues the recompute, all at once', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const revision = await readGroupsRevision(ctx.db);
      const name = uniqueName('Sales');
      const { id } = await createGroup(ctx.db, actor, {
        name: `  ${name} `,
        matchMode: 'any',
        rules: [
          equals('department', 'Sales'),
          { attribute: 'groups', operator: 'oneOf', value: ['vpn', 'crm'], caseSensitive: true },
          { attribute: 'title', operator: 'present', value: '' },
        ],
      });
      const group = await getGroup(ctx.db, id);
      expect(group).toMatchObject({ name, description: '', matchMode: 'any', rulesVersion: 1, memberCount: 0 });
      expect(group.rules.map((rule) => rule.text)).toEqual([
        'department equals "Sales"',
        'groups is one of "vpn", "crm" (case-sensitive)',
        'title has a value',
      ]);
      expect(group.rulesSummary).toBe('department equals "Sales" or groups is one of "vpn", "crm" (case-sensitive) or title has a value');
      expect(await readGroupsRevision(ctx.db)).toBe(revision + 1);

      const jobs = await recomputeJobs(ctx.db, id);
      expect(jobs.map((job) => readRecomputePayload(job.payload))).toEqual([{ groupId: id, rulesVersion: 1 }]);
      expect(group.recompute).toMatchObject({ jobId: jobs[0]?.id, status: 'queued', rulesVersion: 1 });

      const event = await lastAudit(ctx.db, 'group.create', id);
      expect(event).toMatchObject({ outcome: 'success', actorId: 'admin-1', targetLabel: name });
      expect(event?.details).toEqual({
        after: {
          name,
          description: '',
          matchMode: 'any',
          rules: ['department equals "Sales"', 'groups is one of "vpn", "crm" (case-sensitive)', 'title has a value'],
        },
      });
    });

    it('refuses invalid groups and writes nothing', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const revision = await readGroupsRevision(ctx.db);
      const name = uniqueName('Bad');
      await expect(createGroup(ctx.db, actor, { name: ' ', rules: [equals('department', 'x')] })).rejects.toBeInstanceOf(ZodError);
      await expect(createGroup(ctx.db, actor, { name, rules: [] })).rejects.toThrow('A group needs at least one rule.');
      await expect(
        createGroup(ctx.db, actor, { name, rules: [{ attribute: 'department', operator: 'oneOf', value: [] }] }),
      ).rejects.toThrow(/needs a list of at least one value/);
      await expect(
        createGroup(ctx.db, actor, { name, rules: [equals('department', 'x'), { attribute: 'email', operator: 'matches', value: '(a' }] }),
      ).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringContaining('Rule 2 (email matches)') as string });
      await expect(createGroup(ctx.db, actor, { name, rules: [equals('Department', 'Sales')] })).rejects.toMatchObject({
        code: 'validation_failed',
        message:
          'The attribute "Department" is not defined. Define it on the User Attributes page first (names match exactly, case included).',
      });
      expect(await ctx.db.group.count({ where: { name } })).toBe(0);
      expect(await readGroupsRevision(ctx.db)).toBe(revision);
    });

    it('refuses a second group with the same name', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const name = uniqueName('Twice');
      await createGroup(ctx.db, actor, { name, rules: [equals('department', 'a')] });
      await expect(createGroup(ctx.db, actor, { name, rules: [equals('department', 'b')] })).rejects.toMatchObject({
        code: 'conflict',
        message: `A group named "${name}" already exists.`,
      });
      const other = await createGroup(ctx.db, actor, { name: uniqueName('Other'), rules: [equals('department', 'b')] });
      await expect(updateGroup(ctx.db, actor, other.id, { name })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('renaming keeps the rules version and queues nothing; a rule change bumps it, keeps unchanged rules and queues a recompute', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const { id } = await createGroup(ctx.db, actor, {
        name: uniqueName('Eng'),
        rules: [equals('department', 'Engineering'), { attribute: 'email', operator: 'endsWith', value: '@acme.test' }],
      });
      const before = await getGroup(ctx.db, id);
      const revision = await readGroupsRevision(ctx.db);

      const newName = uniqueName('Engineering');
      expect(await updateGroup(ctx.db, actor, id, { name: newName, description: 'Builders' })).toMatchObject({
        changed: true,
        jobId: null,
      });
      expect(await getGroup(ctx.db, id)).toMatchObject({ name: newName, description: 'Builders', rulesVersion: 1 });
      expect(await recomputeJobs(ctx.db, id)).toHaveLength(1);
      expect(await readGroupsRevision(ctx.db)).toBe(revision + 1);
      expect((await lastAudit(ctx.db, 'group.update', id))?.details).toEqual({
        before: { name: before.name, description: '' },
        after: { name: newName, description: 'Builders' },
      });

      // Nothing changes: nothing is written.
      expect(await updateGroup(ctx.db, actor, id, { name: newName, rules: before.rules })).toMatchObject({ changed: false });
      expect(await readGroupsRevision(ctx.db)).toBe(revision + 1);

      const emailRule = before.rules[1];
      const result = await updateGroup(ctx.db, actor, id, {
        rules: [{ attribute: 'email', operator: 'endsWith', value: '@acme.test' }, equals('title', 'Engineer')],
      });
      const after = await getGroup(ctx.db, id);
      expect(after.rulesVersion).toBe(2);
      expect(after.rules.map((rule) => rule.text)).toEqual(['email ends with "@acme.test"', 'title equals "Engineer"']);
      expect(after.rules[0]?.id).toBe(emailRule?.id);
      expect(await readGroupsRevision(ctx.db)).toBe(revision + 2);
      const jobs = await recomputeJobs(ctx.db, id);
      expect(jobs.map((job) => readRecomputePayload(job.payload))).toEqual([
        { groupId: id, rulesVersion: 1 },
        { groupId: id, rulesVersion: 2 },
      ]);
      expect(result.jobId).toBe(jobs[1]?.id);
      expect((await lastAudit(ctx.db, 'group.update', id))?.details).toEqual({
        before: { rules: ['department equals "Engineering"', 'email ends with "@acme.test"'] },
        after: { rules: ['email ends with "@acme.test"', 'title equals "Engineer"'] },
        rulesVersion: 2,
      });

      // The match mode alone changes evaluation too.
      await updateGroup(ctx.db, actor, id, { matchMode: 'any' });
      expect((await getGroup(ctx.db, id)).rulesVersion).toBe(3);
      expect(await recomputeJobs(ctx.db, id)).toHaveLength(3);

      await expect(updateGroup(ctx.db, actor, id, { rules: [equals('nope', 'x')] })).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(updateGroup(ctx.db, actor, 'missing', { name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
      await expect(updateGroup(ctx.db, actor, id, { colour: 'red' })).rejects.toBeInstanceOf(ZodError);
    });

    it('deletes a group with its memberships, idempotently, and audits what went', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const [userId] = await createUsers(ctx.db, directory.id, [{ userName: uniqueName('u') }]);
      const name = uniqueName('Doomed');
      const { id } = await createGroup(ctx.db, actor, { name, rules: [equals('department', 'x')] });
      await ctx.db.groupMembership.create({ data: { userId: userId as string, groupId: id } });
      const revision = await readGroupsRevision(ctx.db);

      await deleteGroup(ctx.db, actor, id);
      await deleteGroup(ctx.db, actor, id);
      expect(await ctx.db.group.findUnique({ where: { id } })).toBeNull();
      expect(await ctx.db.groupMembership.count({ where: { groupId: id } })).toBe(0);
      expect(await ctx.db.user.count({ where: { id: userId } })).toBe(1);
      expect(await readGroupsRevision(ctx.db)).toBe(revision + 1);
      expect(await ctx.db.auditEvent.count({ where: { action: 'group.delete', targetId: id } })).toBe(1);
      expect((await lastAudit(ctx.db, 'group.delete', id))?.details).toEqual({
        before: { name, description: '', matchMode: 'all', rules: ['department equals "x"'] },
        membersRemoved: 1,
      });
      await expect(getGroup(ctx.db, id)).rejects.toMatchObject({ code: 'not_found' });
    });

    it('the revision counter moves once per bump, from any starting point', async () => {
      const start = await readGroupsRevision(ctx.db);
      await Promise.all([bumpGroupsRevision(ctx.db), bumpGroupsRevision(ctx.db), bumpGroupsRevision(ctx.db)]);
      expect(await readGroupsRevision(ctx.db)).toBe(start + 3);
      const row = await ctx.db.setting.findUniqueOrThrow({ where: { key: GROUPS_REVISION_KEY } });
      expect(row.value).toBe(String(start + 3));
    });

    it('loads every group with its rules in position order for the evaluator', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const { id } = await createGroup(ctx.db, actor, {
        name: uniqueName('Load'),
        rules: [equals('department', 'b'), equals('title', 'a'), { attribute: 'groups', operator: 'oneOf', value: ['x', 'y'] }],
      });
      await updateGroup(ctx.db, actor, id, {
        rules: [{ attribute: 'groups', operator: 'oneOf', value: ['x', 'y'] }, equals('department', 'b')],
      });
      const groups = await loadGroupsForEvaluation(ctx.db);
      const group = groups.find((candidate) => candidate.id === id);
      expect(group).toMatchObject({
        id,
        matchMode: 'all',
        rules: [
          { attribute: 'groups', operator: 'oneOf', value: ['x', 'y'], caseSensitive: false },
          { attribute: 'department', operator: 'equals', value: 'b', caseSensitive: false },
        ],
      });
      expect(group?.rules.every((rule) => typeof rule.id === 'string')).toBe(true);
    });

    it('lists groups by name, a page at a time, with member counts', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const prefix = uniqueName('List');
      const directory = await createDirectory(ctx.db);
      const users = await createUsers(ctx.db, directory.id, [{ userName: uniqueName('a') }, { userName: uniqueName('b') }]);
      const created: { id: string }[] = [];
      for (const suffix of ['c', 'a', 'b']) {
        created.push(await createGroup(ctx.db, actor, { name: `${prefix}-${suffix}`, rules: [equals('department', suffix)] }));
      }
      await ctx.db.groupMembership.createMany({ data: users.map((userId) => ({ userId, groupId: created[1]?.id as string })) });
      const all = await listGroups(ctx.db, { limit: 200 });
      const mine = all.data.filter((group) => group.name.startsWith(prefix));
      expect(mine.map((group) => [group.name, group.memberCount])).toEqual([
        [`${prefix}-a`, 2],
        [`${prefix}-b`, 0],
        [`${prefix}-c`, 0],
      ]);
      const first = await listGroups(ctx.db, { limit: 1, cursor: `${prefix}-a` });
      expect(first.data.map((group) => group.name)).toEqual([`${prefix}-b`]);
      expect(first.nextCursor).toBe(`${prefix}-b`);
    });

    it('previews the matching users with a sample saying which rule matched', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const dept = uniqueName('dept');
      const team = uniqueName('team');
      const names = Array.from({ length: 14 }, (_, i) => `${uniqueName('p')}-${i}`);
      await createUsers(ctx.db, directory.id, [
        ...names.slice(0, 12).map((userName) => ({ userName, attributes: { department: [dept] } })),
        { userName: names[12] as string, attributes: { groups: ['other', team] } },
        { userName: names[13] as string, attributes: { department: ['elsewhere'] } },
      ]);
      const preview = await previewGroupRules(ctx.db, {
        matchMode: 'any',
        rules: [equals('department', dept.toUpperCase()), { attribute: 'groups', operator: 'contains', value: team }],
      });
      const total = await ctx.db.user.count();
      expect(preview).toMatchObject({ matching: 13, scanned: total, total, complete: true });
      expect(preview.sample).toHaveLength(10);
      for (const user of preview.sample) {
        expect(names).toContain(user.userName);
        expect(user).toMatchObject({ email: `${user.userName}@example.test`, directory: directory.name });
        expect(user.ruleIndex).toBe(user.userName === names[12] ? 1 : 0);
      }
      // Nothing was saved.
      expect(await ctx.db.groupMembership.count({ where: { userId: { in: preview.sample.map((user) => user.id) } } })).toBe(0);

      await expect(previewGroupRules(ctx.db, { rules: [equals('unknownAttr', 'x')] })).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it('previews rules on attributes named like built-in object properties', async () => {
      await defineAttributes(ctx.db, ['constructor', 'toString', '__proto__']);
      const directory = await createDirectory(ctx.db);
      const value = uniqueName('v');
      const [withValue] = await createUsers(ctx.db, directory.id, [
        { userName: uniqueName('proto'), attributes: { constructor: [value], ['__proto__']: [value] } },
        { userName: uniqueName('proto'), attributes: { toString: [value] } },
      ]);
      const preview = await previewGroupRules(ctx.db, {
        matchMode: 'all',
        rules: [equals('constructor', value), equals('__proto__', value), { attribute: 'toString', operator: 'absent', value: '' }],
      });
      expect(preview).toMatchObject({ matching: 1, complete: true });
      expect(preview.sample.map((user) => user.id)).toEqual([withValue]);
    });

    it('a preview out of time says how far it got', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      await createUsers(ctx.db, directory.id, [
        { userName: uniqueName('x') },
        { userName: uniqueName('y') },
        { userName: uniqueName('z') },
      ]);
      const preview = await previewGroupRules(
        ctx.db,
        { rules: [{ attribute: 'userName', operator: 'present', value: '' }] },
        { budgetMs: 0, batchSize: 2 },
      );
      expect(preview).toMatchObject({ matching: 2, scanned: 2, complete: false });
      expect(preview.total).toBeGreaterThanOrEqual(3);
    });

    it('lists members with the rule that placed them, a page at a time', async () => {
      await defineAttributes(ctx.db, ATTRIBUTES);
      const directory = await createDirectory(ctx.db);
      const { id } = await createGroup(ctx.db, actor, {
        name: uniqueName('Members'),
        matchMode: 'any',
        rules: [equals('department', 'Sales'), { attribute: 'email', operator: 'endsWith', value: '@acme.test', caseSensitive: true }],
      });
      const group = await getGroup(ctx.db, id);
      const users = await createUsers(ctx.db, directory.id, [
        { userName: uniqueName('m') },
        { userName: uniqueName('m') },
        { userName: uniqueName('m') },
      ]);
      const sorted = [...users].sort();
      await ctx.db.groupMembership.createMany({
        data: [
          { userId: sorted[0] as string, groupId: id, ruleId: group.rules[0]?.id },
          { userId: sorted[1] as string, groupId: id, ruleId: group.rules[1]?.id },
          { userId: sorted[2] as string, groupId: id, ruleId: null },
        ],
      });
      const first = await getGroupMembers(ctx.db, id, { limit: 2 });
      expect(first.data.map((member) => [member.userId, member.rule?.text ?? null])).toEqual([
        [sorted[0], 'department equals "Sales"'],
        [sorted[1], 'email ends with "@acme.test" (case-sensitive)'],
      ]);
      expect(first.data[0]).toMatchObject({ directory: { id: directory.id, name: directory.name } });
      expect(first.nextCursor).toBe(sorted[1]);
      const second = await getGroupMembers(ctx.db, id, { limit: 2, cursor: first.nextCursor ?? undefined });
      expect(second.data.map((member) => [member.userId, member.rule])).toEqual([[sorted[2], null]]);
      expect(second.nextCursor).toBeNull();
      await expect(getGroupMembers(ctx.db, 'missing')).rejects.toMatchObject({ code: 'not_found' });
    });
  });
}
