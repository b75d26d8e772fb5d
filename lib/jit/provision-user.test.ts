import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { seedDefaults } from '../setup/seed-defaults';
import { loadCompiledGroups } from '../groups/load-compiled-groups';
import { provisionUser, type ProvisionResult } from './provision-user';
import type { ValidatedAssertion } from './types';

/** Makes one audit action fail, to break the transaction at its last step (after every other write). */
const fault = vi.hoisted(() => ({ action: null as string | null, staleLookups: 0 }));
vi.mock('../audit/record-audit-event', async (importOriginal) => {
  const original = await importOriginal<typeof import('../audit/record-audit-event')>();
  return {
    ...original,
    recordAuditEvent: async (...args: Parameters<typeof original.recordAuditEvent>) => {
      if (args[1].action === fault.action) throw new Error('injected failure');
      return original.recordAuditEvent(...args);
    },
    recordAuditEvents: async (...args: Parameters<typeof original.recordAuditEvents>) => {
      if (args[1].some((event) => event.action === fault.action)) throw new Error('injected failure');
      return original.recordAuditEvents(...args);
    },
  };
});

/** Makes the next lookups miss an existing user, as a lookup that ran just before a concurrent first sign-in committed. */
vi.mock('./find-existing-user', async (importOriginal) => {
  const original = await importOriginal<typeof import('./find-existing-user')>();
  return {
    ...original,
    findExistingUser: async (...args: Parameters<typeof original.findExistingUser>) => {
      if (fault.staleLookups > 0) {
        fault.staleLookups -= 1;
        return { kind: 'none' as const };
      }
      return original.findExistingUser(...args);
    },
  };
});

const NOW = new Date('2031-03-04T05:06:07.000Z');
const LATER = new Date('2031-03-05T05:06:07.000Z');

function domainName(prefix = 'acme') {
  return `${uniqueName(prefix).replace(/_/g, '-')}.test`;
}

type JitIdp = { idpId: string; idpName: string; directoryId: string; directoryName: string; domains: string[] };

/** A third-party SAML IdP with JIT on and its JIT directory, created directly (rules 1-3). */
async function createJitIdp(db: Db, options: { domains?: number; enabled?: boolean } = {}): Promise<JitIdp> {
  const idpName = uniqueName('IdP');
  const directoryName = uniqueName('Dir');
  const domains = Array.from({ length: options.domains ?? 1 }, () => domainName());
  const idp = await db.identityProvider.create({
    data: { name: idpName, type: 'saml', enabled: options.enabled ?? true, jitEnabled: true },
  });
  const directory = await db.directory.create({
    data: { name: directoryName, type: 'jit', idpId: idp.id, jitIdpId: idp.id, domains: { create: domains.map((name) => ({ name })) } },
  });
  return { idpId: idp.id, idpName, directoryId: directory.id, directoryName, domains };
}

function assertion(idpId: string, attributes: Record<string, string[]>, nameId = 'someone@idp.test'): ValidatedAssertion {
  return {
    idpId,
    nameId,
    nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    assertionId: uniqueName('_assertion'),
    sessionIndex: uniqueName('_session'),
    attributes: Object.entries(attributes).map(([name, values]) => ({ name, values })),
  };
}

function succeeded(result: ProvisionResult) {
  if (result.outcome === 'refused') throw new Error(`refused: ${result.reason}`);
  return result;
}

async function storedAttributes(db: Db, userId: string) {
  const rows = await db.userAttributeValue.findMany({ where: { userId }, orderBy: [{ name: 'asc' }, { position: 'asc' }] });
  const map: Record<string, string[]> = {};
  for (const row of rows) (map[row.name] ??= []).push(row.value);
  return map;
}

async function auditEvents(db: Db, where: { action?: string; targetId?: string; idpId?: string }) {
  const events = await db.auditEvent.findMany({ where, orderBy: { createdAt: 'asc' } });
  return events.map((event) => ({ ...event, details: event.details ? (JSON.parse(event.details) as Record<string, unknown>) : null }));
}

describe.each(TEST_PROVIDERS)('provisionUser on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  beforeAll(async () => {
    await seedDefaults(ctx.db);
    await ctx.db.userAttributeDefinition.create({ data: { name: 'groups', displayName: 'Groups', multiValued: true, position: 100 } });
  });

  beforeEach(() => {
    fault.action = null;
    fault.staleLookups = 0;
    // provisionUser logs unexpected errors; the injected ones are expected here.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('first sign-in (rule 11: creates)', () => {
    it('creates the user, its attribute values, a session and the audit events', async () => {
      const idp = await createJitIdp(ctx.db);
      const domain = idp.domains[0]!;
      const input = assertion(
        idp.idpId,
        {
          userName: ['alice'],
          email: [`Alice@${domain.toUpperCase()}`],
          firstName: ['Alice'],
          lastName: ['Liddell'],
          department: ['Sales'],
          groups: ['vpn-users', 'admins'],
          Department: ['ignored: case differs'],
          'urn:oid:0.9.2342.19200300.100.1.3': ['ignored@idp.test'],
        },
        'alice-name-id',
      );
      const result = succeeded(await provisionUser(ctx.db, input, { now: NOW }));
      expect(result.outcome).toBe('created');

      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: result.userId }, include: { domain: true } });
      expect(user).toMatchObject({
        directoryId: idp.directoryId,
        userName: 'alice',
        externalId: null,
        email: `Alice@${domain}`,
        firstName: 'Alice',
        lastName: 'Liddell',
        status: 'active',
        lastSignInAt: NOW,
      });
      expect(user.domain?.name).toBe(domain);
      expect(await storedAttributes(ctx.db, user.id)).toEqual({
        userName: ['alice'],
        email: [`Alice@${domain}`],
        firstName: ['Alice'],
        lastName: ['Liddell'],
        department: ['Sales'],
        domain: [domain],
        groups: ['vpn-users', 'admins'],
      });

      const session = await ctx.db.userSession.findUniqueOrThrow({ where: { id: result.sessionId } });
      expect(session).toMatchObject({ userId: user.id, idpId: idp.idpId, createdAt: NOW });
      expect(session.expiresAt.getTime() - NOW.getTime()).toBe(8 * 3600 * 1000);

      const [created] = await auditEvents(ctx.db, { action: 'user.create', targetId: user.id });
      expect(created).toMatchObject({
        actorType: 'user',
        actorId: user.id,
        actorLabel: 'alice',
        outcome: 'success',
        targetType: 'user',
        targetLabel: 'alice',
        idpId: idp.idpId,
      });
      expect(created?.details).toEqual({
        directory: idp.directoryName,
        attributes: {
          userName: ['alice'],
          firstName: ['Alice'],
          lastName: ['Liddell'],
          email: [`Alice@${domain}`],
          department: ['Sales'],
          domain: [domain],
          groups: ['vpn-users', 'admins'],
        },
        ignored: ['Department', 'urn:oid:0.9.2342.19200300.100.1.3'],
      });
      const signins = await auditEvents(ctx.db, { action: 'user.signin', targetId: user.id });
      expect(signins).toHaveLength(1);
      expect(signins[0]?.details).toMatchObject({
        provisioning: 'created',
        sessionId: result.sessionId,
        nameId: 'alice-name-id',
        assertionId: input.assertionId,
        sessionIndex: input.sessionIndex,
      });
      expect(await auditEvents(ctx.db, { action: 'user.update', targetId: user.id })).toHaveLength(0);
    });
  });

  describe('later sign-ins (rule 11: updates and records what changed)', () => {
    it('updates changed attributes, removes vanished ones, records the diff and opens a new session', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(
        await provisionUser(
          ctx.db,
          assertion(idp.idpId, { userName: ['bob'], firstName: ['Bob'], department: ['Sales'], groups: ['a', 'b'] }),
          {
            now: NOW,
          },
        ),
      );
      const second = succeeded(
        await provisionUser(
          ctx.db,
          assertion(idp.idpId, { userName: ['bob'], lastName: ['Builder'], department: ['Support'], groups: ['b', 'a'], Unknown: ['x'] }),
          { now: LATER, sessionTtlSeconds: 60 },
        ),
      );
      expect(second).toMatchObject({ outcome: 'updated', userId: first.userId });
      expect(second.sessionId).not.toBe(first.sessionId);

      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } });
      expect(user).toMatchObject({ firstName: null, lastName: 'Builder', lastSignInAt: LATER });
      expect(await storedAttributes(ctx.db, user.id)).toEqual({
        userName: ['bob'],
        lastName: ['Builder'],
        department: ['Support'],
        domain: [idp.domains[0]],
        groups: ['b', 'a'],
      });
      const session = await ctx.db.userSession.findUniqueOrThrow({ where: { id: second.sessionId } });
      expect(session.expiresAt.getTime() - LATER.getTime()).toBe(60_000);
      expect(await ctx.db.userSession.count({ where: { userId: user.id } })).toBe(2);

      const updates = await auditEvents(ctx.db, { action: 'user.update', targetId: user.id });
      expect(updates).toHaveLength(1);
      expect(updates[0]?.details).toEqual({
        changes: {
          lastName: { before: [], after: ['Builder'] },
          department: { before: ['Sales'], after: ['Support'] },
          groups: { before: ['a', 'b'], after: ['b', 'a'] },
          firstName: { before: ['Bob'], after: [] },
        },
        ignored: ['Unknown'],
      });
      expect(await auditEvents(ctx.db, { action: 'user.signin', targetId: user.id })).toHaveLength(2);
    });

    it('writes no user.update event when nothing changed, but still records the sign-in', async () => {
      const idp = await createJitIdp(ctx.db);
      const attrs = { userName: ['carol'], department: ['Sales'] };
      const first = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, attrs), { now: NOW }));
      const second = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, attrs), { now: LATER }));
      expect(second).toMatchObject({ outcome: 'updated', userId: first.userId });
      expect(await auditEvents(ctx.db, { action: 'user.update', targetId: first.userId })).toHaveLength(0);
      const signins = await auditEvents(ctx.db, { action: 'user.signin', targetId: first.userId });
      expect(signins.map((event) => event.details?.provisioning)).toEqual(['created', 'updated']);
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } })).lastSignInAt).toEqual(LATER);
      const values = await ctx.db.userAttributeValue.findMany({
        where: { userId: first.userId },
        orderBy: [{ name: 'asc' }, { position: 'asc' }],
      });
      expect(values.map((v) => [v.name, v.value])).toEqual(
        expect.arrayContaining([
          ['department', 'Sales'],
          ['userName', 'carol'],
        ]),
      );
    });
  });

  describe('identity (rule 10)', () => {
    it('keeps the same user when userName changes and ExternalId stays', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['dave'], ExternalId: ['00u-dave'] })));
      const second = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['david'], ExternalId: ['00u-dave'] })));
      expect(second).toMatchObject({ outcome: 'updated', userId: first.userId });
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(1);
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } })).userName).toBe('david');
      const [update] = await auditEvents(ctx.db, { action: 'user.update', targetId: first.userId });
      expect(update?.details?.changes).toEqual({ userName: { before: ['dave'], after: ['david'] } });
    });

    it('identifies by userName within the domain when there is no ExternalId', async () => {
      const idp = await createJitIdp(ctx.db, { domains: 2 });
      const [one, two] = idp.domains as [string, string];
      const a = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['erin'], domain: [one] })));
      const b = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['erin'], domain: [two] })));
      const again = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['erin'], domain: [one.toUpperCase()] })));
      expect(a.outcome).toBe('created');
      expect(b.outcome).toBe('created');
      expect(b.userId).not.toBe(a.userId);
      expect(again).toMatchObject({ outcome: 'updated', userId: a.userId });
    });

    it('adopts a user without ExternalId when the IdP starts sending one', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['fay'] })));
      const second = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['fay'], ExternalId: ['00u-fay'] })));
      expect(second).toMatchObject({ outcome: 'updated', userId: first.userId });
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } })).externalId).toBe('00u-fay');
    });

    it('refuses a reused userName held by a user with another ExternalId, and a rename onto a taken userName', async () => {
      const idp = await createJitIdp(ctx.db);
      const domain = idp.domains[0]!;
      const old = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['gus'], ExternalId: ['00u-old'] })));
      const reused = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['gus'], ExternalId: ['00u-new'] }));
      expect(reused).toEqual({ outcome: 'refused', reason: `User name gus is already used by another user in ${domain}.` });

      succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['hal'], ExternalId: ['00u-hal'] })));
      const rename = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['gus'], ExternalId: ['00u-hal'] }));
      expect(rename).toEqual({ outcome: 'refused', reason: `User name gus is already used by another user in ${domain}.` });
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(2);
      expect((await ctx.db.user.findUniqueOrThrow({ where: { id: old.userId } })).externalId).toBe('00u-old');
    });

    it('refuses an assertion that drops the ExternalId of a user who has one, changing nothing', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(
        await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['ivy'], ExternalId: ['00u-ivy'] }), { now: NOW }),
      );
      const result = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['ivy'], department: ['Sales'] }), { now: LATER });
      expect(result).toEqual({
        outcome: 'refused',
        reason: 'The assertion carries no ExternalId, but the user ivy was provisioned with one.',
      });
      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } });
      // The row lock's lastSignInAt write was rolled back with the refusal.
      expect(user.lastSignInAt).toEqual(NOW);
      expect(await storedAttributes(ctx.db, user.id)).not.toHaveProperty('department');
    });
  });

  describe('cross-IdP takeover is impossible (rule 9, SAML-SECURITY.md)', () => {
    it("refuses IdP B asserting a user in IdP A's domain, and writes only the refusal", async () => {
      const a = await createJitIdp(ctx.db);
      const b = await createJitIdp(ctx.db);
      const victim = succeeded(
        await provisionUser(ctx.db, assertion(a.idpId, { userName: ['jack'], ExternalId: ['00u-jack'], department: ['Finance'] }), {
          now: NOW,
        }),
      );
      const users = await ctx.db.user.count();
      const sessions = await ctx.db.userSession.count();

      const attack = assertion(
        b.idpId,
        { userName: ['jack'], ExternalId: ['00u-jack'], domain: [a.domains[0]!], department: ['Evil'] },
        'mallory',
      );
      const result = await provisionUser(ctx.db, attack, { now: LATER });
      expect(result).toEqual({ outcome: 'refused', reason: `Domain ${a.domains[0]} is not a domain of the directory ${b.directoryName}.` });

      expect(await ctx.db.user.count()).toBe(users);
      expect(await ctx.db.userSession.count()).toBe(sessions);
      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: victim.userId } });
      expect(user.lastSignInAt).toEqual(NOW);
      expect(await storedAttributes(ctx.db, user.id)).toMatchObject({ department: ['Finance'] });

      const [refused] = await auditEvents(ctx.db, { action: 'signin.refused', idpId: b.idpId });
      expect(refused).toMatchObject({
        actorType: 'anonymous',
        actorId: null,
        actorLabel: 'mallory',
        outcome: 'failure',
        reason: `Domain ${a.domains[0]} is not a domain of the directory ${b.directoryName}.`,
        targetType: 'idp',
        targetId: b.idpId,
        targetLabel: b.idpName,
      });
      expect(refused?.details).toMatchObject({
        nameId: 'mallory',
        assertionId: attack.assertionId,
        attributeNames: ['userName', 'ExternalId', 'domain', 'department'],
      });
    });

    it("refuses IdP B asserting an email in IdP A's domain", async () => {
      const a = await createJitIdp(ctx.db);
      const b = await createJitIdp(ctx.db);
      const result = await provisionUser(ctx.db, assertion(b.idpId, { userName: ['kim'], email: [`ceo@${a.domains[0]}`] }));
      expect(result).toEqual({
        outcome: 'refused',
        reason: `Email ceo@${a.domains[0]} is not in a domain of the directory ${b.directoryName}.`,
      });
    });

    it('makes the same userName and ExternalId in another directory a different user', async () => {
      const a = await createJitIdp(ctx.db);
      const b = await createJitIdp(ctx.db);
      const inA = succeeded(
        await provisionUser(ctx.db, assertion(a.idpId, { userName: ['lee'], ExternalId: ['00u-lee'], department: ['A'] })),
      );
      const inB = succeeded(
        await provisionUser(ctx.db, assertion(b.idpId, { userName: ['lee'], ExternalId: ['00u-lee'], department: ['B'] })),
      );
      expect(inB.outcome).toBe('created');
      expect(inB.userId).not.toBe(inA.userId);
      expect(await storedAttributes(ctx.db, inA.userId)).toMatchObject({ department: ['A'], domain: [a.domains[0]] });
      expect(await storedAttributes(ctx.db, inB.userId)).toMatchObject({ department: ['B'], domain: [b.domains[0]] });
    });
  });

  describe('groups (rule 12: memberships follow the IdP both ways, at every sign-in)', () => {
    /** A group with rules stored as the console stores them (value JSON-encoded). */
    async function createGroup(
      db: Db,
      matchMode: 'all' | 'any',
      rules: { attribute: string; operator: string; value: string | string[]; caseSensitive?: boolean }[],
    ) {
      return db.group.create({
        data: {
          name: uniqueName('Group'),
          matchMode,
          rules: {
            create: rules.map((rule, position) => ({
              attribute: rule.attribute,
              operator: rule.operator,
              value: JSON.stringify(rule.value),
              caseSensitive: rule.caseSensitive ?? false,
              position,
            })),
          },
        },
        include: { rules: { orderBy: { position: 'asc' } } },
      });
    }
    const membershipsOf = (db: Db, userId: string) =>
      db.groupMembership.findMany({ where: { userId }, select: { groupId: true, ruleId: true }, orderBy: { groupId: 'asc' } });

    it('places a new user by rule, then adds, removes and re-reasons as the attributes change', async () => {
      const idp = await createJitIdp(ctx.db);
      const team = uniqueName('team');
      const sales = await createGroup(ctx.db, 'all', [{ attribute: 'department', operator: 'equals', value: `${team}-sales` }]);
      const vpn = await createGroup(ctx.db, 'any', [
        { attribute: 'groups', operator: 'equals', value: `${team}-vpn` },
        { attribute: 'department', operator: 'startsWith', value: `${team}-eng` },
      ]);
      const both = await createGroup(ctx.db, 'all', [
        { attribute: 'department', operator: 'present', value: '' },
        { attribute: 'groups', operator: 'oneOf', value: [`${team}-vpn`, `${team}-wifi`] },
      ]);

      const first = succeeded(
        await provisionUser(
          ctx.db,
          assertion(idp.idpId, { userName: ['gia'], department: [`${team}-SALES`], groups: ['x', `${team}-vpn`] }),
          {
            now: NOW,
          },
        ),
      );
      const ids = [sales.id, vpn.id, both.id].sort();
      expect(await membershipsOf(ctx.db, first.userId)).toEqual(
        ids.map((groupId) => ({
          groupId,
          ruleId: groupId === sales.id ? sales.rules[0]!.id : groupId === vpn.id ? vpn.rules[0]!.id : both.rules[0]!.id,
        })),
      );
      const [created] = await auditEvents(ctx.db, { action: 'user.create', targetId: first.userId });
      expect((created?.details?.groups as { added: string[] }).added.sort()).toEqual([sales.name, vpn.name, both.name].sort());

      // The IdP moves her to engineering and stops sending the VPN group: out of sales and "both", still in vpn by its second rule.
      succeeded(
        await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['gia'], department: [`${team}-engineering`], groups: ['x'] }), {
          now: LATER,
        }),
      );
      expect(await membershipsOf(ctx.db, first.userId)).toEqual([{ groupId: vpn.id, ruleId: vpn.rules[1]!.id }]);
      const [updated] = await auditEvents(ctx.db, { action: 'user.update', targetId: first.userId });
      expect(updated?.details?.groups).toEqual({
        added: [],
        removed: [sales.name, both.name].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)),
      });

      // The department attribute disappears: no group holds any more.
      succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['gia'], groups: ['x'] }), { now: LATER }));
      expect(await membershipsOf(ctx.db, first.userId)).toEqual([]);
    });

    it('sees a rule change made after the caller cached nothing: the next sign-in uses the new rules', async () => {
      const idp = await createJitIdp(ctx.db);
      const team = uniqueName('team');
      const group = await createGroup(ctx.db, 'all', [{ attribute: 'department', operator: 'equals', value: `${team}-a` }]);
      const signIn = () => provisionUser(ctx.db, assertion(idp.idpId, { userName: ['hal'], department: [`${team}-b`] }), { now: LATER });
      const { userId } = succeeded(await signIn());
      expect(await membershipsOf(ctx.db, userId)).toEqual([]);
      await ctx.db.groupRule.update({ where: { id: group.rules[0]!.id }, data: { value: JSON.stringify(`${team}-b`) } });
      succeeded(await signIn());
      expect(await membershipsOf(ctx.db, userId)).toEqual([{ groupId: group.id, ruleId: group.rules[0]!.id }]);
    });
    it('a group deleted after the caller compiled the groups: the sign-in reloads them and succeeds', async () => {
      const idp = await createJitIdp(ctx.db);
      const team = uniqueName('team');
      const kept = await createGroup(ctx.db, 'all', [{ attribute: 'department', operator: 'equals', value: `${team}-a` }]);
      const doomed = await createGroup(ctx.db, 'all', [{ attribute: 'department', operator: 'present', value: '' }]);
      const stale = await loadCompiledGroups(ctx.db);
      await ctx.db.group.delete({ where: { id: doomed.id } });
      const result = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['ida'], department: [`${team}-a`] }), {
        now: LATER,
        groups: stale,
      });
      const { userId } = succeeded(result);
      expect(await membershipsOf(ctx.db, userId)).toEqual([{ groupId: kept.id, ruleId: kept.rules[0]!.id }]);
      expect(await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId })).toHaveLength(0);
    });
  });

  describe('refusals (rules 7, 15)', () => {
    it('refuses a missing userName with the exact message and records it', async () => {
      const idp = await createJitIdp(ctx.db);
      const before = await ctx.db.user.count();
      const input = assertion(idp.idpId, { email: [`x@${idp.domains[0]}`] }, 'nameid-without-username');
      expect(await provisionUser(ctx.db, input)).toEqual({ outcome: 'refused', reason: 'User attribute is missing: userName.' });
      expect(await ctx.db.user.count()).toBe(before);
      const [event] = await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId });
      expect(event).toMatchObject({ reason: 'User attribute is missing: userName.', actorLabel: 'nameid-without-username' });
    });

    it('refuses a required attribute defined by the admin', async () => {
      const idp = await createJitIdp(ctx.db);
      const name = uniqueName('costCenter');
      await ctx.db.userAttributeDefinition.create({ data: { name, displayName: name, required: true, position: 200 } });
      try {
        expect(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['max'] }))).toEqual({
          outcome: 'refused',
          reason: `User attribute is missing: ${name}.`,
        });
        expect(succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['max'], [name]: ['42'] }))).outcome).toBe('created');
      } finally {
        await ctx.db.userAttributeDefinition.delete({ where: { name } });
      }
    });

    it('refuses a disabled IdP', async () => {
      const idp = await createJitIdp(ctx.db, { enabled: false });
      expect(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['ned'] }))).toEqual({
        outcome: 'refused',
        reason: `The identity provider ${idp.idpName} is disabled.`,
      });
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(0);
      expect(await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId })).toHaveLength(1);
    });

    it('refuses an IdP without a JIT directory, the built-in IdP and an unknown IdP', async () => {
      const name = uniqueName('NoJit');
      const noJit = await ctx.db.identityProvider.create({ data: { name, type: 'saml' } });
      expect(await provisionUser(ctx.db, assertion(noJit.id, { userName: ['oli'] }))).toEqual({
        outcome: 'refused',
        reason: `JIT provisioning is off for ${name}: no JIT directory.`,
      });
      const builtin = await ctx.db.identityProvider.findFirstOrThrow({ where: { type: 'builtin' } });
      expect(await provisionUser(ctx.db, assertion(builtin.id, { userName: ['oli'] }))).toEqual({
        outcome: 'refused',
        reason: `${builtin.name} is not a third-party SAML identity provider.`,
      });
      expect(await provisionUser(ctx.db, assertion('no-such-idp', { userName: ['oli'] }))).toEqual({
        outcome: 'refused',
        reason: 'The identity provider of this sign-in does not exist.',
      });
      expect(await auditEvents(ctx.db, { action: 'signin.refused', idpId: 'no-such-idp' })).toHaveLength(1);
    });

    it('refuses while the JIT directory is being deleted (rule 4)', async () => {
      const idp = await createJitIdp(ctx.db);
      await ctx.db.directory.update({ where: { id: idp.directoryId }, data: { deletingAt: NOW } });
      const result = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['pat'] }));
      expect(result).toEqual({
        outcome: 'refused',
        reason: `The directory ${idp.directoryName} of ${idp.idpName} is being deleted; no one can sign in through ${idp.idpName} until JIT is set up again.`,
      });
    });

    it('refuses normalisation attacks end to end', async () => {
      const idp = await createJitIdp(ctx.db);
      const domain = idp.domains[0]!;
      expect((await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['ad\u200bmin'] }))).outcome).toBe('refused');
      expect((await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['quinn'], domain: [`${domain}\u200b`] }))).outcome).toBe(
        'refused',
      );
      expect(
        (await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['quinn'], email: [`quinn＠evil.test@${domain}`] }))).outcome,
      ).toBe('refused');
      const ok = succeeded(
        await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['quinn'], domain: [`${domain.toUpperCase()}.`] })),
      );
      expect(ok.outcome).toBe('created');
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(1);
    });
  });

  describe('one transaction (rule 11: a failed sign-in leaves nothing half-written)', () => {
    it('rolls back a first sign-in that fails at its last step, and records the failure', async () => {
      const idp = await createJitIdp(ctx.db);
      fault.action = 'user.signin';
      const input = assertion(idp.idpId, { userName: ['rae'], department: ['Sales'], groups: ['a'] }, 'rae-name-id');
      const result = await provisionUser(ctx.db, input, { now: NOW });
      expect(result).toEqual({
        outcome: 'refused',
        reason: 'Sign-in failed because of an internal error. Please try again, or contact your administrator.',
      });
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(0);
      expect(await ctx.db.userSession.count({ where: { idpId: idp.idpId } })).toBe(0);
      expect(await ctx.db.userAttributeValue.count({ where: { user: { directoryId: idp.directoryId } } })).toBe(0);
      expect(await auditEvents(ctx.db, { action: 'user.create', idpId: idp.idpId })).toHaveLength(0);
      const [refused] = await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId });
      expect(refused?.details).toMatchObject({ nameId: 'rae-name-id', error: 'injected failure' });
    });

    it('rolls back an update that fails at its last step: attributes, columns and sessions unchanged', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(
        await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['sam'], firstName: ['Sam'], groups: ['a', 'b'] }), { now: NOW }),
      );
      fault.action = 'user.signin';
      const result = await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['sam'], firstName: ['Samuel'], groups: ['c'] }), {
        now: LATER,
      });
      expect(result.outcome).toBe('refused');
      const user = await ctx.db.user.findUniqueOrThrow({ where: { id: first.userId } });
      expect(user).toMatchObject({ firstName: 'Sam', lastSignInAt: NOW });
      expect(await storedAttributes(ctx.db, user.id)).toMatchObject({ firstName: ['Sam'], groups: ['a', 'b'] });
      expect(await ctx.db.userSession.count({ where: { userId: user.id } })).toBe(1);
      expect(await auditEvents(ctx.db, { action: 'user.update', targetId: user.id })).toHaveLength(0);
    });
  });

  describe('concurrency (rule 11: two first sign-ins at once create one user)', () => {
    for (const withExternalId of [true, false]) {
      it(`creates exactly one user from 10 parallel first sign-ins (${withExternalId ? 'by ExternalId' : 'by userName'})`, async () => {
        const idp = await createJitIdp(ctx.db);
        const attrs: Record<string, string[]> = withExternalId ? { userName: ['tess'], ExternalId: ['00u-tess'] } : { userName: ['tess'] };
        const results = await Promise.all(Array.from({ length: 10 }, () => provisionUser(ctx.db, assertion(idp.idpId, attrs))));
        const outcomes = results.map((result) => result.outcome);
        expect(results.filter((result) => result.outcome === 'refused')).toEqual([]);
        expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome === 'updated')).toHaveLength(9);
        const users = await ctx.db.user.findMany({ where: { directoryId: idp.directoryId } });
        expect(users).toHaveLength(1);
        expect(new Set(results.map((result) => (result.outcome === 'refused' ? null : result.userId)))).toEqual(new Set([users[0]!.id]));
        expect(await ctx.db.userSession.count({ where: { userId: users[0]!.id } })).toBe(10);
        expect(await auditEvents(ctx.db, { action: 'user.create', targetId: users[0]!.id })).toHaveLength(1);
        expect(await auditEvents(ctx.db, { action: 'user.signin', targetId: users[0]!.id })).toHaveLength(10);
        expect(await storedAttributes(ctx.db, users[0]!.id)).toEqual({
          userName: ['tess'],
          domain: [idp.domains[0]],
          ...(withExternalId ? { ExternalId: ['00u-tess'] } : {}),
        });
      });
    }

    it('turns a lost race (unique violation, P2002) into an update on its one retry, leaving nothing of the failed attempt', async () => {
      const idp = await createJitIdp(ctx.db);
      const attrs = { userName: ['vic'], ExternalId: ['00u-vic'], department: ['Sales'] };
      const first = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, attrs), { now: NOW }));
      fault.staleLookups = 1;
      const second = await provisionUser(ctx.db, assertion(idp.idpId, { ...attrs, department: ['Support'] }), { now: LATER });
      expect(second).toMatchObject({ outcome: 'updated', userId: first.userId });
      expect(await ctx.db.user.count({ where: { directoryId: idp.directoryId } })).toBe(1);
      expect(await auditEvents(ctx.db, { action: 'user.create', idpId: idp.idpId })).toHaveLength(1);
      expect(await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId })).toHaveLength(0);
      expect(await storedAttributes(ctx.db, first.userId)).toMatchObject({ department: ['Support'] });
    });

    it('refuses (and records) a sign-in that loses the race twice', async () => {
      const idp = await createJitIdp(ctx.db);
      const attrs = { userName: ['wes'] };
      succeeded(await provisionUser(ctx.db, assertion(idp.idpId, attrs)));
      fault.staleLookups = 2;
      expect(await provisionUser(ctx.db, assertion(idp.idpId, attrs))).toEqual({
        outcome: 'refused',
        reason: 'Another sign-in for this user was in progress. Please try again.',
      });
      const [refused] = await auditEvents(ctx.db, { action: 'signin.refused', idpId: idp.idpId });
      expect(refused?.details?.error).toEqual(expect.stringContaining('Unique constraint'));
    });

    it('applies 10 parallel updates of one user one after another, leaving consistent rows', async () => {
      const idp = await createJitIdp(ctx.db);
      const first = succeeded(await provisionUser(ctx.db, assertion(idp.idpId, { userName: ['uma'], groups: ['g0'] })));
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          provisionUser(ctx.db, assertion(idp.idpId, { userName: ['uma'], department: [`D${i}`], groups: [`g${i}`, `h${i}`] })),
        ),
      );
      expect(results.every((result) => result.outcome === 'updated' && result.userId === first.userId)).toBe(true);
      const stored = await storedAttributes(ctx.db, first.userId);
      const department = stored.department?.[0];
      expect(department).toMatch(/^D\d$/);
      const i = department!.slice(1);
      expect(stored.groups).toEqual([`g${i}`, `h${i}`]);
      // Each update's diff was computed against the previous committed state: the "before" values chain.
      const updates = await auditEvents(ctx.db, { action: 'user.update', targetId: first.userId });
      expect(updates).toHaveLength(10);
      const befores = updates.map((event) =>
        JSON.stringify((event.details?.changes as Record<string, { before: string[] }>).groups?.before),
      );
      expect(new Set(befores).size).toBe(10);
    });
  });
});
