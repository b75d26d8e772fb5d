import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Db } from '../db';
import { AppError } from '../api/errors';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { DEFAULT_USER_ATTRIBUTES, seedDefaults } from '../setup/seed-defaults';
import { createAttribute } from './create-attribute';
import { deleteAttribute } from './delete-attribute';
import { getAttribute, listAttributes } from './list-attributes';
import { updateAttribute } from './update-attribute';
import { getPortalProfile } from '../apps/get-portal-profile';
import { createGroup } from '../groups/create-group';

const actor = { type: 'admin', id: 'admin-1', label: 'ops@example.test' } as const;

async function events(db: Db, action: string, label: string) {
  const rows = await db.auditEvent.findMany({ where: { action, targetLabel: label }, orderBy: { createdAt: 'asc' } });
  return rows.map((row) => ({ ...row, details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null }));
}

/** The error a call throws, to assert its code and exact message. */
async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    if (error instanceof z.ZodError) return { code: 'validation_failed', message: error.issues[0]?.message ?? '' };
    throw error;
  }
  throw new Error('expected the call to fail');
}

async function groupWithRules(db: Db, attributes: string[]) {
  const name = uniqueName('Group');
  await db.group.create({
    data: { name, rules: { create: attributes.map((attribute, position) => ({ attribute, operator: 'present', position })) } },
  });
  return name;
}

describe.each(TEST_PROVIDERS)('user attributes on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  beforeAll(async () => {
    await seedDefaults(ctx.db);
  });

  describe('listing', () => {
    it('lists the built-in attributes in their order, userName required', async () => {
      const list = await listAttributes(ctx.db);
      const builtIns = list.filter((attribute) => attribute.builtIn).map((attribute) => attribute.name);
      expect(builtIns).toEqual(DEFAULT_USER_ATTRIBUTES.map((attribute) => attribute.name));
      expect(list.find((attribute) => attribute.name === 'userName')).toMatchObject({ required: true, builtIn: true, usedByGroups: [] });
      expect(list.find((attribute) => attribute.name === 'email')).toMatchObject({ required: false, multiValued: false });
    });
  });

  describe('creating', () => {
    it('adds a custom attribute last, exactly as typed, and audits it', async () => {
      const name = uniqueName('costCenter');
      const created = await createAttribute(ctx.db, actor, { name, displayName: ' Cost center ', required: true });
      expect(created).toMatchObject({ name, displayName: 'Cost center', required: true, multiValued: false, builtIn: false });
      const list = await listAttributes(ctx.db);
      expect(list.at(-1)?.name).toBe(name);
      expect(created.position).toBeGreaterThan(Math.max(...list.slice(0, -1).map((attribute) => attribute.position)));

      const second = await createAttribute(ctx.db, actor, { name: uniqueName('badge'), displayName: 'Badge', multiValued: true });
      expect(second.position).toBe(created.position + 1);
      expect(second).toMatchObject({ required: false, multiValued: true });

      const [event, ...more] = await events(ctx.db, 'attribute.create', name);
      expect(more).toEqual([]);
      expect(event).toMatchObject({ actorType: 'admin', actorId: 'admin-1', outcome: 'success', targetType: 'attribute' });
      expect(event?.details).toEqual({ after: { name, displayName: 'Cost center', required: true, multiValued: false } });
    });

    it('accepts the names real IdPs send: claim URIs and OIDs', async () => {
      const suffix = uniqueName('x').replace(/_/g, '-');
      for (const name of [
        `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress-${suffix}`,
        `urn:oid:0.9.2342.19200300.100.1.3.${suffix}`,
      ]) {
        await createAttribute(ctx.db, actor, { name, displayName: 'Mail' });
        expect((await getAttribute(ctx.db, name)).name).toBe(name);
      }
    });

    it('refuses an exact duplicate and a name that differs only by case, naming the existing attribute', async () => {
      const name = uniqueName('costCenter');
      await createAttribute(ctx.db, actor, { name, displayName: 'Cost center' });
      expect(await failure(createAttribute(ctx.db, actor, { name, displayName: 'Again' }))).toEqual({
        code: 'conflict',
        message: `A user attribute named ${name} already exists.`,
      });
      const lookalike = name.replace('costCenter', 'CostCenter');
      expect(await failure(createAttribute(ctx.db, actor, { name: lookalike, displayName: 'Cost center' }))).toEqual({
        code: 'conflict',
        message: `${lookalike} differs from the existing attribute ${name} only by case. Names are matched exactly, so use ${name}, or a clearly different name.`,
      });
      expect(await failure(createAttribute(ctx.db, actor, { name: name.toUpperCase(), displayName: 'X' }))).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining(`existing attribute ${name} only by case`),
      });
      // Built-in names too.
      expect(await failure(createAttribute(ctx.db, actor, { name: 'Department', displayName: 'Department' }))).toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('existing attribute department only by case'),
      });

      const names = (await listAttributes(ctx.db)).map((attribute) => attribute.name.toLowerCase());
      expect(names.filter((n) => n === name.toLowerCase())).toHaveLength(1);
      expect(names.filter((n) => n === 'department')).toHaveLength(1);
      expect(await events(ctx.db, 'attribute.create', lookalike)).toEqual([]);
    });

    it('refuses an invalid name or display name and writes nothing', async () => {
      const before = (await listAttributes(ctx.db)).length;
      expect(await failure(createAttribute(ctx.db, actor, { name: 'cost center', displayName: 'X' }))).toEqual({
        code: 'validation_failed',
        message: 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains a space.',
      });
      expect(await failure(createAttribute(ctx.db, actor, { name: 'dept ', displayName: 'X' }))).toMatchObject({
        message: expect.stringContaining('cannot start or end with a space'),
      });
      expect(await failure(createAttribute(ctx.db, actor, { name: 'a'.repeat(129), displayName: 'X' }))).toMatchObject({
        message: 'An attribute name has at most 128 characters.',
      });
      expect(await failure(createAttribute(ctx.db, actor, { name: uniqueName('ok'), displayName: '' }))).toMatchObject({
        code: 'validation_failed',
      });
      expect((await listAttributes(ctx.db)).length).toBe(before);
    });
  });

  describe('updating', () => {
    it('changes required, multiValued and the display name, auditing before and after', async () => {
      const name = uniqueName('region');
      await createAttribute(ctx.db, actor, { name, displayName: 'Region' });
      const updated = await updateAttribute(ctx.db, actor, name, { required: true, displayName: 'Sales region' });
      expect(updated).toMatchObject({ name, required: true, multiValued: false, displayName: 'Sales region' });
      await updateAttribute(ctx.db, actor, name, { multiValued: true, required: true });

      const [first, second, ...more] = await events(ctx.db, 'attribute.update', name);
      expect(more).toEqual([]);
      expect(first?.details).toEqual({
        before: { displayName: 'Region', required: false },
        after: { displayName: 'Sales region', required: true },
      });
      expect(second?.details).toEqual({ before: { multiValued: false }, after: { multiValued: true } });
      expect(first).toMatchObject({ actorId: 'admin-1', outcome: 'success', targetType: 'attribute' });
    });

    it('records nothing when nothing changes', async () => {
      const name = uniqueName('site');
      await createAttribute(ctx.db, actor, { name, displayName: 'Site' });
      await updateAttribute(ctx.db, actor, name, { required: false, displayName: 'Site', name });
      expect(await events(ctx.db, 'attribute.update', name)).toEqual([]);
    });

    it('never makes userName optional, but lets its display name change', async () => {
      expect(await failure(updateAttribute(ctx.db, actor, 'userName', { required: false }))).toEqual({
        code: 'validation_failed',
        message: 'userName is always required: every sign-in needs it to identify the user.',
      });
      expect((await getAttribute(ctx.db, 'userName')).required).toBe(true);
      const renamed = await updateAttribute(ctx.db, actor, 'userName', { displayName: 'Login' });
      expect(renamed).toMatchObject({ displayName: 'Login', required: true });
      await updateAttribute(ctx.db, actor, 'userName', { displayName: 'User name' });
    });

    it('lets built-in attributes be made required and optional again, domain and ExternalId included', async () => {
      for (const name of ['department', 'domain', 'ExternalId']) {
        expect((await updateAttribute(ctx.db, actor, name, { required: true })).required).toBe(true);
        expect((await updateAttribute(ctx.db, actor, name, { required: false })).required).toBe(false);
      }
      expect((await updateAttribute(ctx.db, actor, 'phone', { multiValued: true })).multiValued).toBe(true);
      await updateAttribute(ctx.db, actor, 'phone', { multiValued: false });
    });

    it('keeps attributes stored in single user fields single-valued', async () => {
      for (const name of ['userName', 'email', 'firstName', 'lastName', 'domain', 'ExternalId']) {
        expect(await failure(updateAttribute(ctx.db, actor, name, { multiValued: true }))).toEqual({
          code: 'validation_failed',
          message: `${name} is stored in a single field of the user: it always has one value.`,
        });
      }
      expect((await getAttribute(ctx.db, 'email')).multiValued).toBe(false);
    });

    it('refuses a rename, an unknown attribute and unknown fields', async () => {
      const name = uniqueName('floor');
      await createAttribute(ctx.db, actor, { name, displayName: 'Floor' });
      expect(await failure(updateAttribute(ctx.db, actor, name, { name: `${name}2` }))).toEqual({
        code: 'validation_failed',
        message: 'Attributes are not renamed: delete this one and add one with the new name.',
      });
      expect(await failure(updateAttribute(ctx.db, actor, 'department', { name: 'dept' }))).toEqual({
        code: 'validation_failed',
        message: 'department is a built-in attribute and cannot be renamed.',
      });
      expect(await failure(updateAttribute(ctx.db, actor, name.toUpperCase(), { required: true }))).toEqual({
        code: 'not_found',
        message: `There is no user attribute named ${name.toUpperCase()}.`,
      });
      expect(await failure(updateAttribute(ctx.db, actor, name, { builtIn: true }))).toMatchObject({ code: 'validation_failed' });
      expect(await getAttribute(ctx.db, name)).toMatchObject({ builtIn: false, required: false });
    });
  });

  describe('deleting', () => {
    it('deletes a custom attribute once, audits it, and is idempotent', async () => {
      const name = uniqueName('locker');
      await createAttribute(ctx.db, actor, { name, displayName: 'Locker', multiValued: true });
      expect(await deleteAttribute(ctx.db, actor, name)).toEqual({ deleted: true });
      expect(await failure(getAttribute(ctx.db, name))).toMatchObject({ code: 'not_found' });
      expect(await deleteAttribute(ctx.db, actor, name)).toEqual({ deleted: false });
      const deletions = await events(ctx.db, 'attribute.delete', name);
      expect(deletions).toHaveLength(1);
      expect(deletions[0]?.details).toEqual({ before: { name, displayName: 'Locker', required: false, multiValued: true } });
    });

    it('matches the name exactly: deleting another case deletes nothing', async () => {
      const name = uniqueName('desk');
      await createAttribute(ctx.db, actor, { name, displayName: 'Desk' });
      expect(await deleteAttribute(ctx.db, actor, name.toUpperCase())).toEqual({ deleted: false });
      expect((await getAttribute(ctx.db, name)).name).toBe(name);
    });

    it('never deletes userName or another built-in attribute', async () => {
      const cases: [string, string][] = [
        ['userName', 'userName cannot be removed: every sign-in needs it to identify the user.'],
        ['domain', expect.stringContaining('domain is built in') as string],
        ['ExternalId', expect.stringContaining('ExternalId is built in') as string],
        ['department', 'department is a built-in attribute and cannot be deleted; it can be made optional.'],
      ];
      for (const [name, message] of cases) {
        expect(await failure(deleteAttribute(ctx.db, actor, name))).toEqual({ code: 'conflict', message });
        expect((await getAttribute(ctx.db, name)).builtIn).toBe(true);
      }
      expect(await ctx.db.auditEvent.count({ where: { action: 'attribute.delete', targetLabel: { in: cases.map(([n]) => n) } } })).toBe(0);
    });

    it('refuses while group rules use the attribute, naming the groups and counting the rules', async () => {
      const name = uniqueName('costCenter');
      await createAttribute(ctx.db, actor, { name, displayName: 'Cost center' });
      const sales = await groupWithRules(ctx.db, [name, name]);
      const finance = await groupWithRules(ctx.db, [name, 'department']);
      // Another case is another attribute, for rules as for assertions.
      await groupWithRules(ctx.db, [name.toUpperCase()]);

      expect((await getAttribute(ctx.db, name)).usedByGroups).toEqual([sales, finance].sort((a, b) => a.localeCompare(b)));
      const refused = await failure(deleteAttribute(ctx.db, actor, name));
      expect(refused.code).toBe('conflict');
      expect(refused.message).toMatch(
        new RegExp(`^${name} is used by 3 group rules \\(groups: .+\\); change those rules before deleting it\\.$`),
      );
      expect(refused.message).toContain(sales);
      expect(refused.message).toContain(finance);
      expect((await getAttribute(ctx.db, name)).name).toBe(name);

      await ctx.db.groupRule.deleteMany({ where: { attribute: name, group: { name: sales } } });
      expect((await failure(deleteAttribute(ctx.db, actor, name))).message).toBe(
        `${name} is used by 1 group rule (group: ${finance}); change those rules before deleting it.`,
      );
      await ctx.db.groupRule.deleteMany({ where: { attribute: name } });
      expect(await deleteAttribute(ctx.db, actor, name)).toEqual({ deleted: true });
    });

    it('keeps the values already stored on users', async () => {
      const name = uniqueName('badge');
      await createAttribute(ctx.db, actor, { name, displayName: 'Badge', multiValued: true });
      const directory = await ctx.db.directory.create({ data: { name: uniqueName('Dir'), type: 'local' } });
      const user = await ctx.db.user.create({
        data: {
          directoryId: directory.id,
          userName: uniqueName('user'),
          attributes: {
            create: [
              { name, value: 'B-1', position: 0 },
              { name, value: 'B-2', position: 1 },
            ],
          },
        },
      });
      await deleteAttribute(ctx.db, actor, name);
      const values = await ctx.db.userAttributeValue.findMany({ where: { userId: user.id }, orderBy: { position: 'asc' } });
      expect(values.map((value) => [value.name, value.value])).toEqual([
        [name, 'B-1'],
        [name, 'B-2'],
      ]);
      // The portal no longer shows them, and an attribute created later under that name starts empty.
      expect((await getPortalProfile(ctx.db, user.id))?.fields.map((field) => field.name)).not.toContain(name);
      await createAttribute(ctx.db, actor, { name, displayName: 'Badge again' });
      expect(await ctx.db.userAttributeValue.count({ where: { name } })).toBe(0);
    });

    it('a delete racing a group rule on the attribute never leaves a rule on an undefined attribute', async () => {
      for (let round = 0; round < 8; round++) {
        const name = uniqueName('raced');
        await createAttribute(ctx.db, actor, { name, displayName: 'Raced' });
        const rules = [{ attribute: name, operator: 'present', value: '' }];
        const [group, deletion] = await Promise.allSettled([
          createGroup(ctx.db, actor, { name: uniqueName('Raced group'), rules }),
          deleteAttribute(ctx.db, actor, name),
        ]);
        const defined = (await ctx.db.userAttributeDefinition.count({ where: { name } })) === 1;
        const ruleCount = await ctx.db.groupRule.count({ where: { attribute: name } });
        // Exactly one of the two wins: the rule on a defined attribute, or the deletion without a rule.
        if (group.status === 'fulfilled') {
          expect(defined).toBe(true);
          expect(deletion.status === 'rejected' || (deletion.status === 'fulfilled' && !deletion.value.deleted)).toBe(true);
        } else {
          expect(deletion).toMatchObject({ status: 'fulfilled', value: { deleted: true } });
          expect(ruleCount).toBe(0);
        }
      }
    });
  });
});
