import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { toErrorBody } from '../api/errors';
import { recordAuditEvents } from '../audit/record-audit-event';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { getUser } from './get-user';
import { listUsers } from './list-users';
import type { UserFiltersInput } from './user-schemas';

/** A token no other test's data starts with: lower-case letters and digits, so every field can begin with it. */
const token = () => `q${randomBytes(5).toString('hex')}`;
const domainName = () => `${uniqueName('d').replace(/_/g, '-')}.test`;

async function createDirectory(db: Db, domains = 1, jitIdp?: { id: string }) {
  const directory = await db.directory.create({
    data: {
      name: uniqueName('Dir'),
      type: jitIdp ? 'jit' : 'local',
      ...(jitIdp ? { idpId: jitIdp.id, jitIdpId: jitIdp.id } : {}),
      domains: { create: Array.from({ length: domains }, () => ({ name: domainName() })) },
    },
    select: { id: true, name: true, domains: { select: { id: true, name: true }, orderBy: { name: 'asc' } } },
  });
  return { id: directory.id, name: directory.name, domains: directory.domains };
}

type NewUser = {
  directoryId: string;
  domainId?: string | null;
  userName: string;
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  status?: string;
  lastSignInAt?: Date | null;
  attributes?: Record<string, string[]>;
};

async function createUser(db: Db, user: NewUser): Promise<string> {
  const { attributes = {}, ...columns } = user;
  const created = await db.user.create({
    data: {
      ...columns,
      attributes: {
        create: Object.entries(attributes).flatMap(([name, values]) => values.map((value, position) => ({ name, value, position }))),
      },
    },
    select: { id: true },
  });
  return created.id;
}

/** Every page, `limit` at a time; fails on a page that repeats a user. */
async function allPages(db: Db, filters: UserFiltersInput, limit: number, tuning: { selectiveFilterUsers?: number } = {}) {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await listUsers(db, filters, { cursor, limit }, tuning);
    expect(page.data.length).toBeLessThanOrEqual(limit);
    ids.push(...page.data.map((user) => user.id));
    if (!page.nextCursor) break;
    expect(page.data).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  expect(new Set(ids).size, 'no user is listed twice').toBe(ids.length);
  return ids;
}

/** The user ids of one page, read both ways: driven by the most selective filter (the default here), and by the sort index. */
async function listIds(db: Db, filters: UserFiltersInput): Promise<string[]> {
  const driven = (await listUsers(db, filters, { limit: 200 })).data.map((user) => user.id);
  const walked = (await listUsers(db, filters, { limit: 200 }, { selectiveFilterUsers: 0 })).data.map((user) => user.id);
  expect(walked, 'both plans give the same page').toEqual(driven);
  return driven;
}

async function expectInvalid(promise: Promise<unknown>, message: RegExp) {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ZodError);
  const { status, body } = toErrorBody(error);
  expect(status).toBe(422);
  expect(body.error.message).toMatch(message);
}

for (const provider of TEST_PROVIDERS) {
  describe(`users on ${provider}`, () => {
    const ctx = useTestDatabase(provider);

    it('searches a prefix of the user name, email, "first last" or last name, in any case, each user once', async () => {
      const t = token();
      const directory = await createDirectory(ctx.db);
      const user = (fields: Omit<NewUser, 'directoryId'>) => createUser(ctx.db, { directoryId: directory.id, ...fields });
      const byUserName = await user({ userName: `${t}-Ada`, email: `ada.${t}@example.test`, firstName: 'Ada', lastName: 'Lovelace' });
      const byEmail = await user({ userName: `grace.${t}`, email: `${t}.Grace@example.test`, firstName: 'Grace', lastName: 'Hopper' });
      const byFirstName = await user({ userName: `alan.${t}`, email: `alan.${t}@example.test`, firstName: `${t}Alan`, lastName: 'Turing' });
      const byLastName = await user({ userName: `edsger.${t}`, email: null, firstName: 'Edsger', lastName: `${t}Dijkstra` });
      const byFullName = await user({ userName: `barbara.${t}`, firstName: t, lastName: 'Liskov' });
      // Matches in two fields (user name and email): listed once, under the smaller key.
      const twice = await user({ userName: `${t}-zed`, email: `${t}-bob@example.test` });
      await user({ userName: `frances.${t}`, email: `frances.${t}@example.test`, firstName: 'Frances', lastName: 'Allen' });

      // Code point order of the matching keys: "t liskov" < "t-ada" < "t-bob@…" < "t.grace@…" < "talan turing" < "tdijkstra".
      expect(await listIds(ctx.db, { q: t.toUpperCase() })).toEqual([byFullName, byUserName, twice, byEmail, byFirstName, byLastName]);
      expect(await listIds(ctx.db, { q: `  ${t}-ADA ` })).toEqual([byUserName]);
      expect(await listIds(ctx.db, { q: `${t}.gr` })).toEqual([byEmail]);
      expect(await listIds(ctx.db, { q: `${t}AL` })).toEqual([byFirstName]);
      expect(await listIds(ctx.db, { q: `${t}dij` })).toEqual([byLastName]);
      expect(await listIds(ctx.db, { q: `${t} lis` })).toEqual([byFullName]);
      expect(await listIds(ctx.db, { q: `ada.${t}@` })).toEqual([byUserName]);
      expect(await listIds(ctx.db, { q: `${t}-b` })).toEqual([twice]);
      // A prefix, not a substring; LIKE wildcards are plain characters.
      expect(await listIds(ctx.db, { q: t.slice(1) })).toEqual([]);
      expect(await listIds(ctx.db, { q: `${t}%` })).toEqual([]);
      expect(await listIds(ctx.db, { q: `${t}_` })).toEqual([]);

      const [first] = (await listUsers(ctx.db, { q: `${t}-ada` })).data;
      expect(first).toMatchObject({
        userName: `${t}-Ada`,
        email: `ada.${t}@example.test`,
        name: 'Ada Lovelace',
        status: 'active',
        lastSignInAt: null,
        directory: { id: directory.id, name: directory.name, type: 'local' },
        domain: null,
      });
      expect(first?.createdAt).toBeInstanceOf(Date);
    });

    it('filters by directory, domain, group, attribute value, status and last sign-in, alone and combined', async () => {
      const t = token();
      const one = await createDirectory(ctx.db, 2);
      const two = await createDirectory(ctx.db, 1);
      const [d1, d2] = one.domains;
      const [d3] = two.domains;
      if (!d1 || !d2 || !d3) throw new Error('domains missing');
      const sales = `${t}-Sales`;
      const u1 = await createUser(ctx.db, {
        directoryId: one.id,
        domainId: d1.id,
        userName: `${t}-u1`,
        lastSignInAt: new Date('2026-01-10T10:00:00Z'),
        attributes: { department: [sales] },
      });
      const u2 = await createUser(ctx.db, {
        directoryId: one.id,
        domainId: d2.id,
        userName: `${t}-u2`,
        status: 'suspended',
        lastSignInAt: new Date('2026-03-01T10:00:00Z'),
        attributes: { department: [`${t}-Support`] },
      });
      const u3 = await createUser(ctx.db, {
        directoryId: one.id,
        domainId: d1.id,
        userName: `${t}-u3`,
        attributes: { department: [sales], groups: [`${t}-vpn`, `${t}-vpn`] },
      });
      const u4 = await createUser(ctx.db, {
        directoryId: two.id,
        domainId: d3.id,
        userName: `${t}-u4`,
        lastSignInAt: new Date('2026-02-15T10:00:00Z'),
        attributes: { department: [sales] },
      });
      const group = await ctx.db.group.create({ data: { name: uniqueName('Group') }, select: { id: true } });
      await ctx.db.groupMembership.createMany({ data: [u1, u3].map((userId) => ({ userId, groupId: group.id })) });

      expect(await listIds(ctx.db, { directoryId: one.id })).toEqual([u1, u2, u3]);
      expect(await listIds(ctx.db, { domain: d1.name.toUpperCase() })).toEqual([u1, u3]);
      expect(await listIds(ctx.db, { domain: d3.name })).toEqual([u4]);
      expect(await listIds(ctx.db, { domain: 'nowhere.example' })).toEqual([]);
      expect(await listIds(ctx.db, { groupId: group.id })).toEqual([u1, u3]);
      expect(await listIds(ctx.db, { attribute: 'department', value: sales })).toEqual([u1, u3, u4]);
      expect(await listIds(ctx.db, { attribute: 'department', value: sales.toLowerCase() })).toEqual([]);
      expect(await listIds(ctx.db, { attribute: 'groups', value: `${t}-vpn` })).toEqual([u3]);
      expect(await listIds(ctx.db, { directoryId: one.id, status: 'suspended' })).toEqual([u2]);
      expect(await listIds(ctx.db, { directoryId: one.id, status: 'active' })).toEqual([u1, u3]);
      expect(await listIds(ctx.db, { directoryId: one.id, lastSignInAfter: '2026-02-01' })).toEqual([u2]);
      // Never signed in is neither before nor after.
      expect(await listIds(ctx.db, { directoryId: one.id, lastSignInBefore: '2026-02-01T00:00' })).toEqual([u1]);
      expect(await listIds(ctx.db, { q: t, lastSignInAfter: '2026-01-10T10:00:00Z', lastSignInBefore: '2026-03-01T10:00:00Z' })).toEqual([
        u1,
        u4,
      ]);

      // Combined: every filter holds.
      expect(
        await listIds(ctx.db, { directoryId: one.id, domain: d1.name, groupId: group.id, attribute: 'department', value: sales }),
      ).toEqual([u1, u3]);
      expect(await listIds(ctx.db, { groupId: group.id, status: 'active', lastSignInAfter: '2026-01-01', q: t.toUpperCase() })).toEqual([
        u1,
      ]);
      expect(await listIds(ctx.db, { attribute: 'department', value: sales, directoryId: two.id, q: `${t}-u4` })).toEqual([u4]);
      expect(await listIds(ctx.db, { groupId: group.id, directoryId: two.id })).toEqual([]);
      // Empty parameters (a GET form sends every field) are no filter.
      expect(await listIds(ctx.db, { q: ' ', directoryId: one.id, domain: '', groupId: '', attribute: '', value: '', status: '' })).toEqual(
        [u1, u2, u3],
      );
    });

    it('pages without repeating or skipping anyone, ties included, by either plan and with a search', async () => {
      const t = token();
      const directory = await createDirectory(ctx.db, 2);
      const [d1, d2] = directory.domains;
      if (!d1 || !d2) throw new Error('domains missing');
      const ids: string[] = [];
      // The same user name in two domains (equal keys: the id decides), and users matching in several fields.
      for (const [index, domain] of [d1, d2].entries()) {
        ids.push(
          await createUser(ctx.db, {
            directoryId: directory.id,
            domainId: domain.id,
            userName: `${t}-same`,
            email: `${t}-same${index}@x.test`,
          }),
        );
      }
      for (let i = 0; i < 9; i++) {
        ids.push(
          await createUser(ctx.db, {
            directoryId: directory.id,
            domainId: d1.id,
            userName: i % 2 ? `${t}-user-${i}` : `user-${i}-${t}`,
            email: i % 3 ? `${t}.${9 - i}@x.test` : null,
            firstName: i % 4 ? `${t}${i}` : 'Nobody',
            lastName: `${t}-last-${i % 3}`,
          }),
        );
      }

      for (const filters of [{ directoryId: directory.id }, { directoryId: directory.id, q: t }, { q: t }, { q: t, domain: d1.name }]) {
        const whole = (await listUsers(ctx.db, filters, { limit: 200 })).data.map((user) => user.id);
        expect([...whole].sort()).toEqual([...ids].sort().filter((id) => filters.domain === undefined || id !== ids[1]));
        for (const limit of [1, 2, 5]) {
          expect(await allPages(ctx.db, filters, limit), `${JSON.stringify(filters)} by ${limit}`).toEqual(whole);
          expect(await allPages(ctx.db, filters, limit, { selectiveFilterUsers: 0 })).toEqual(whole);
        }
      }

      // Everyone in the database, no filter: the sort index alone.
      const everyone = (await listUsers(ctx.db, {}, { limit: 200 })).data.map((user) => user.id);
      expect(everyone).toEqual(expect.arrayContaining(ids));
      expect(await allPages(ctx.db, {}, 7)).toEqual(everyone);
      const first = await listUsers(ctx.db, {});
      expect(first.data.length).toBe(Math.min(50, everyone.length));
    });

    it('refuses a tampered cursor and invalid filters with a clear 422, not a 500', async () => {
      const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const cursorMessage = /The cursor is not valid; start again from the first page/;
      for (const cursor of [
        'nonsense',
        encoded([1, 2]),
        encoded(['key', 9, 'id']),
        encoded(['key', 0, '']),
        encoded({ key: 'k' }),
        'x'.repeat(3001),
      ]) {
        await expectInvalid(listUsers(ctx.db, {}, { cursor }), cursorMessage);
      }
      const page = await listUsers(ctx.db, {}, { limit: 1 });
      if (page.nextCursor) {
        const flipped = `${page.nextCursor.slice(0, -2)}${page.nextCursor.endsWith('A') ? 'B' : 'A'}`;
        await listUsers(ctx.db, {}, { cursor: flipped }).then(
          (result) => expect(result.data).toBeInstanceOf(Array),
          (error: unknown) => expect(toErrorBody(error).status).toBe(422),
        );
      }
      await expectInvalid(listUsers(ctx.db, {}, { limit: '201' }), /between 1 and 200/);
      await expectInvalid(listUsers(ctx.db, {}, { limit: '0' }), /between 1 and 200/);
      await expectInvalid(listUsers(ctx.db, {}, { limit: 'ten' }), /between 1 and 200/);
      await expectInvalid(listUsers(ctx.db, { attribute: 'department' }), /both its name and a value/);
      await expectInvalid(listUsers(ctx.db, { status: 'deleted' }), /active or suspended/);
      await expectInvalid(listUsers(ctx.db, { lastSignInAfter: 'yesterday' }), /ISO 8601/);
      await expectInvalid(listUsers(ctx.db, { lastSignInAfter: '2026-02-01', lastSignInBefore: '2026-01-01' }), /after its start/);
      await expectInvalid(listUsers(ctx.db, { q: 'x'.repeat(201) }), /at most 200 characters/);
    });

    it('gets a JIT user with attributes, source, groups and why, applications, sign-ins and audit trail', async () => {
      const t = token();
      const idp = await ctx.db.identityProvider.create({
        data: { name: uniqueName('Okta'), type: 'saml' },
        select: { id: true, name: true },
      });
      const directory = await createDirectory(ctx.db, 1, idp);
      await ctx.db.userAttributeDefinition.upsert({
        where: { name: 'department' },
        create: { name: 'department', displayName: 'Department' },
        update: {},
      });
      const id = await createUser(ctx.db, {
        directoryId: directory.id,
        domainId: directory.domains[0]?.id ?? null,
        userName: `${t}@acme.test`,
        email: `${t}@acme.test`,
        firstName: 'Grace',
        lastName: 'Hopper',
        lastSignInAt: new Date('2026-02-01T09:00:00Z'),
        attributes: { department: ['Engineering'], [`${t}Custom`]: ['b', 'a'] },
      });
      const ruled = await ctx.db.group.create({
        data: {
          name: `${t} Engineers`,
          rules: { create: [{ attribute: 'department', operator: 'equals', value: JSON.stringify('Engineering'), position: 0 }] },
        },
        select: { id: true, rules: { select: { id: true } } },
      });
      const unruled = await ctx.db.group.create({ data: { name: `${t} All` }, select: { id: true } });
      await ctx.db.groupMembership.createMany({
        data: [
          { userId: id, groupId: ruled.id, ruleId: ruled.rules[0]?.id ?? null },
          { userId: id, groupId: unruled.id, ruleId: null },
        ],
      });
      const wiki = await ctx.db.application.create({ data: { name: `${t} Wiki`, launchUrl: 'https://wiki.example.test/' } });
      const ci = await ctx.db.application.create({ data: { name: `${t} CI`, launchUrl: 'https://ci.example.test/' } });
      await ctx.db.application.create({ data: { name: `${t} Payroll`, launchUrl: 'https://payroll.example.test/' } });
      await ctx.db.entitlement.createMany({
        data: [
          { groupId: ruled.id, applicationId: wiki.id },
          { groupId: unruled.id, applicationId: wiki.id },
          { groupId: ruled.id, applicationId: ci.id },
        ],
      });
      const target = { type: 'user', id, label: `${t}@acme.test` };
      const actor = { type: 'user', id, label: `${t}@acme.test` } as const;
      await recordAuditEvents(ctx.db, [
        { actor, action: 'user.create', outcome: 'success', target, idpId: idp.id, details: { attributes: {} } },
      ]);
      for (let i = 0; i < 3; i++) {
        await recordAuditEvents(ctx.db, [{ actor, action: 'user.signin', outcome: 'success', target, idpId: idp.id, details: { n: i } }]);
      }
      await recordAuditEvents(ctx.db, [{ actor, action: 'user.signin', outcome: 'success', target: { ...target, id: 'someone-else' } }]);

      const user = await getUser(ctx.db, id);
      expect(user).toMatchObject({
        id,
        userName: `${t}@acme.test`,
        name: 'Grace Hopper',
        domain: directory.domains[0]?.name,
        directory: { id: directory.id, name: directory.name, type: 'jit' },
        source: { kind: 'jit', idp: { id: idp.id, name: idp.name }, label: `Managed by ${idp.name}` },
        status: 'active',
        lastSignInAt: new Date('2026-02-01T09:00:00Z'),
      });
      expect(user).not.toHaveProperty('passwordHash');
      // Defined attributes first (in the User Attributes page's order), then names no longer defined; values in order.
      expect(user.attributes).toEqual([
        { name: 'department', displayName: 'Department', defined: true, values: ['Engineering'] },
        { name: `${t}Custom`, displayName: `${t}Custom`, defined: false, values: ['b', 'a'] },
      ]);
      expect(user.groups).toEqual([
        { id: unruled.id, name: `${t} All`, memberSince: expect.any(Date) as Date, rule: null },
        {
          id: ruled.id,
          name: `${t} Engineers`,
          memberSince: expect.any(Date) as Date,
          rule: { id: ruled.rules[0]?.id, text: 'department equals "Engineering"' },
        },
      ]);
      expect(user.applications.map((app) => ({ name: app.name, via: app.via.map((group) => group.name) }))).toEqual([
        { name: `${t} CI`, via: [`${t} Engineers`] },
        { name: `${t} Wiki`, via: [`${t} All`, `${t} Engineers`] },
      ]);
      expect(user.signIns.map((event) => event.details)).toEqual([{ n: 2 }, { n: 1 }, { n: 0 }]);
      expect(user.auditTrail.map((event) => event.action)).toEqual(['user.create']);

      const local = await createDirectory(ctx.db);
      const localId = await createUser(ctx.db, { directoryId: local.id, userName: `${t}-local` });
      expect((await getUser(ctx.db, localId)).source).toEqual({ kind: 'local', label: 'Local user' });
      await expect(getUser(ctx.db, 'does-not-exist')).rejects.toMatchObject({ code: 'not_found', message: 'No such user.' });
    });
  });
}
