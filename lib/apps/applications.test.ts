import { describe, expect, it } from 'vitest';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { createApplication } from './create-application';
import { deleteApplication } from './delete-application';
import { getApplication, listApplications } from './get-application';
import { getPortalProfile } from './get-portal-profile';
import { httpUrlProblem, isSafeHttpUrl } from './http-url';
import { listUserApplications } from './list-user-applications';
import { NOT_ENTITLED_MESSAGE, resolveApplicationLaunch } from './resolve-application-launch';
import { getApplicationEntitlements, setApplicationEntitlements } from './set-application-entitlements';
import { updateApplication } from './update-application';

const admin = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;

const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(document.cookie)',
  ' java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'ftp://files.example.test/',
  '/relative/path',
  '//evil.example.test/',
  'app.example.test',
  'https://user:secret@app.example.test/',
  'https://admin@app.example.test/',
  'https://exa mple.test/',
  'https://',
];

describe('httpUrlProblem', () => {
  it('accepts absolute http(s) URLs and refuses every other scheme, relative URLs and credentials', () => {
    expect(httpUrlProblem('https://app.example.test/sso?tenant=1')).toBeNull();
    expect(httpUrlProblem('http://intranet.example.test:8080/')).toBeNull();
    for (const url of HOSTILE_URLS) expect(httpUrlProblem(url.trim()), url).not.toBeNull();
    expect(httpUrlProblem('javascript:alert(1)')).toBe('Only https:// and http:// URLs are allowed (javascript: is refused).');
    expect(httpUrlProblem('/relative')).toBe('Enter an absolute URL starting with https:// or http://.');
    expect(httpUrlProblem('https://u:p@x.test/')).toBe('The URL must not contain a user name or password.');
    expect(isSafeHttpUrl(null)).toBe(false);
    expect(isSafeHttpUrl('data:image/png;base64,AAAA')).toBe(false);
  });
});

async function makeUser(db: Db, groupIds: string[] = []) {
  const directory = await db.directory.create({ data: { name: uniqueName('dir'), type: 'local' } });
  const user = await db.user.create({ data: { directoryId: directory.id, userName: uniqueName('user') } });
  for (const groupId of groupIds) await db.groupMembership.create({ data: { userId: user.id, groupId } });
  return user;
}

const makeGroup = (db: Db, name = uniqueName('group')) => db.group.create({ data: { name } });

const newApp = (overrides: Record<string, unknown> = {}) => ({
  name: uniqueName('App'),
  description: 'Team chat',
  launchUrl: 'https://chat.example.test/login',
  ...overrides,
});

describe.each(TEST_PROVIDERS)('applications on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  it('creates an application with normalised URLs and audits it', async () => {
    const name = uniqueName('Chat');
    const input = newApp({ name: `  ${name}  `, launchUrl: ' HTTPS://Chat.Example.test ', iconUrl: '' });
    const { id } = await createApplication(ctx.db, admin, input);
    const app = await getApplication(ctx.db, id);
    expect(app).toMatchObject({
      name,
      description: 'Team chat',
      launchUrl: 'https://chat.example.test/',
      iconUrl: null,
      groups: [],
    });
    const event = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'application.create', targetId: id } });
    expect(event).toMatchObject({ actorType: 'admin', actorId: admin.id, outcome: 'success', targetLabel: app.name });
    expect(JSON.parse(event.details ?? '{}')).toMatchObject({ after: { launchUrl: 'https://chat.example.test/', iconUrl: null } });
  });

  it('refuses hostile launch and icon URLs, bad names, long descriptions and unknown fields, and writes nothing', async () => {
    const before = await ctx.db.application.count();
    for (const launchUrl of HOSTILE_URLS) {
      await expect(createApplication(ctx.db, admin, newApp({ launchUrl })), launchUrl).rejects.toMatchObject({
        name: 'ZodError',
        issues: [expect.objectContaining({ path: ['launchUrl'] })],
      });
    }
    for (const iconUrl of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', '/icon.png']) {
      await expect(createApplication(ctx.db, admin, newApp({ iconUrl })), iconUrl).rejects.toMatchObject({
        issues: [expect.objectContaining({ path: ['iconUrl'] })],
      });
    }
    await expect(createApplication(ctx.db, admin, newApp({ launchUrl: 'javascript:alert(1)' }))).rejects.toThrow(
      'Only https:// and http:// URLs are allowed (javascript: is refused).',
    );
    await expect(createApplication(ctx.db, admin, newApp({ name: '   ' }))).rejects.toThrow('Give the application a name');
    await expect(createApplication(ctx.db, admin, newApp({ name: 'x'.repeat(101) }))).rejects.toThrow('Use at most 100 characters');
    await expect(createApplication(ctx.db, admin, newApp({ description: 'x'.repeat(501) }))).rejects.toThrow('Use at most 500 characters');
    await expect(createApplication(ctx.db, admin, newApp({ launchUrl: undefined }))).rejects.toThrow();
    await expect(createApplication(ctx.db, admin, newApp({ owner: 'me' }))).rejects.toThrow();
    expect(await ctx.db.application.count()).toBe(before);
  });

  it('keeps names unique ignoring case, naming the clash', async () => {
    const name = uniqueName('Slack');
    const first = await createApplication(ctx.db, admin, newApp({ name }));
    await expect(createApplication(ctx.db, admin, newApp({ name: name.toLowerCase() }))).rejects.toMatchObject({
      code: 'conflict',
      message: `An application named "${name}" already exists.`,
    });
    const other = await createApplication(ctx.db, admin, newApp());
    await expect(updateApplication(ctx.db, admin, other.id, { name: name.toUpperCase() })).rejects.toMatchObject({ code: 'conflict' });
    // Renaming an application to another case of its own name is fine.
    await updateApplication(ctx.db, admin, first.id, { name: name.toUpperCase() });
    expect((await getApplication(ctx.db, first.id)).name).toBe(name.toUpperCase());
  });

  it('updates only the given fields, audits before/after, clears the icon with null, and ignores a no-op', async () => {
    const { id } = await createApplication(ctx.db, admin, newApp({ iconUrl: 'https://cdn.example.test/chat.png' }));
    await updateApplication(ctx.db, admin, id, { description: 'New description', iconUrl: null });
    const app = await getApplication(ctx.db, id);
    expect(app).toMatchObject({ description: 'New description', iconUrl: null, launchUrl: 'https://chat.example.test/login' });
    const events = await ctx.db.auditEvent.findMany({ where: { action: 'application.update', targetId: id } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.details ?? '{}')).toEqual({
      before: { description: 'Team chat', iconUrl: 'https://cdn.example.test/chat.png' },
      after: { description: 'New description', iconUrl: null },
    });
    await updateApplication(ctx.db, admin, id, { description: 'New description' });
    expect(await ctx.db.auditEvent.count({ where: { action: 'application.update', targetId: id } })).toBe(1);
    await expect(updateApplication(ctx.db, admin, id, { launchUrl: 'javascript:void(0)' })).rejects.toThrow(/javascript: is refused/);
    await expect(updateApplication(ctx.db, admin, 'missing', { description: 'x' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sets entitlements as a complete set: unknown groups are named and refused, a repeat changes nothing', async () => {
    const { id } = await createApplication(ctx.db, admin, newApp());
    const [a, b] = [await makeGroup(ctx.db, uniqueName('Sales')), await makeGroup(ctx.db, uniqueName('Engineering'))];

    await expect(setApplicationEntitlements(ctx.db, admin, id, { groupIds: [a.id, 'nope-1', 'nope-2'] })).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'No such groups: nope-1, nope-2.',
    });
    expect((await getApplicationEntitlements(ctx.db, id)).groupIds).toEqual([]);

    const set = await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [a.id, b.id, a.id] });
    expect(set.groups).toEqual([
      { id: b.id, name: b.name },
      { id: a.id, name: a.name },
    ]);
    const again = await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [b.id, a.id] });
    expect(again).toEqual(set);
    expect(await ctx.db.entitlement.count({ where: { applicationId: id } })).toBe(2);
    expect(await ctx.db.auditEvent.count({ where: { action: 'application.entitlements', targetId: id } })).toBe(1);

    await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [b.id] });
    expect((await getApplication(ctx.db, id)).groups).toEqual([{ id: b.id, name: b.name }]);
    const last = await ctx.db.auditEvent.findFirstOrThrow({
      where: { action: 'application.entitlements', targetId: id },
      orderBy: { createdAt: 'desc' },
    });
    expect(JSON.parse(last.details ?? '{}')).toEqual({ before: [b.name, a.name], after: [b.name], added: [], removed: [a.name] });
    expect((await listApplications(ctx.db)).find((app) => app.id === id)?.entitledGroupCount).toBe(1);

    await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [] });
    expect(await ctx.db.entitlement.count({ where: { applicationId: id } })).toBe(0);
    await expect(setApplicationEntitlements(ctx.db, admin, id, { groupIds: 'all' })).rejects.toThrow('Give groupIds as a list');
    await expect(setApplicationEntitlements(ctx.db, admin, 'missing', { groupIds: [] })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows a user the union over their groups, each application once, by name', async () => {
    const [g1, g2, g3] = [await makeGroup(ctx.db), await makeGroup(ctx.db), await makeGroup(ctx.db)];
    const tag = uniqueName('u');
    const both = await createApplication(ctx.db, admin, newApp({ name: `beta ${tag}` }));
    const second = await createApplication(ctx.db, admin, newApp({ name: `Alpha ${tag}`, description: 'First' }));
    const elsewhere = await createApplication(ctx.db, admin, newApp({ name: `Gamma ${tag}` }));
    await setApplicationEntitlements(ctx.db, admin, both.id, { groupIds: [g1.id, g2.id] });
    await setApplicationEntitlements(ctx.db, admin, second.id, { groupIds: [g2.id] });
    await setApplicationEntitlements(ctx.db, admin, elsewhere.id, { groupIds: [g3.id] });
    const user = await makeUser(ctx.db, [g1.id, g2.id]);
    const nobody = await makeUser(ctx.db);

    expect(await listUserApplications(ctx.db, user.id)).toEqual([
      { id: second.id, name: `Alpha ${tag}`, description: 'First', iconUrl: null },
      { id: both.id, name: `beta ${tag}`, description: 'Team chat', iconUrl: null },
    ]);
    expect(await listUserApplications(ctx.db, nobody.id)).toEqual([]);
  });

  it('launches only while the user is entitled, and records a refusal', async () => {
    const group = await makeGroup(ctx.db);
    const { id } = await createApplication(ctx.db, admin, newApp({ launchUrl: 'https://crm.example.test/start' }));
    await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [group.id] });
    const user = await makeUser(ctx.db, [group.id]);
    const colleague = await makeUser(ctx.db, [group.id]);
    const outsider = await makeUser(ctx.db);

    expect(await resolveApplicationLaunch(ctx.db, user.id, id)).toBe('https://crm.example.test/start');
    await expect(resolveApplicationLaunch(ctx.db, outsider.id, id)).rejects.toMatchObject({ code: 'forbidden' });

    await ctx.db.groupMembership.delete({ where: { userId_groupId: { userId: user.id, groupId: group.id } } });
    await expect(resolveApplicationLaunch(ctx.db, user.id, id)).rejects.toMatchObject({ code: 'forbidden', message: NOT_ENTITLED_MESSAGE });
    expect(await resolveApplicationLaunch(ctx.db, colleague.id, id)).toBe('https://crm.example.test/start');
    const refused = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'application.launch', actorId: user.id } });
    expect(refused).toMatchObject({
      outcome: 'failure',
      actorType: 'user',
      targetId: id,
      reason: expect.stringContaining('not in any group'),
    });

    await expect(resolveApplicationLaunch(ctx.db, user.id, 'no-such-app')).rejects.toMatchObject({
      code: 'forbidden',
      message: NOT_ENTITLED_MESSAGE,
    });
  });

  it('deleting a group or an application removes their entitlements; deleting twice is fine', async () => {
    const [kept, dropped] = [await makeGroup(ctx.db), await makeGroup(ctx.db)];
    const { id } = await createApplication(ctx.db, admin, newApp());
    await setApplicationEntitlements(ctx.db, admin, id, { groupIds: [kept.id, dropped.id] });
    const user = await makeUser(ctx.db, [dropped.id]);
    expect((await listUserApplications(ctx.db, user.id)).map((a) => a.id)).toEqual([id]);

    await ctx.db.group.delete({ where: { id: dropped.id } });
    expect((await getApplication(ctx.db, id)).groups.map((g) => g.id)).toEqual([kept.id]);
    expect(await listUserApplications(ctx.db, user.id)).toEqual([]);

    await deleteApplication(ctx.db, admin, id);
    await deleteApplication(ctx.db, admin, id);
    expect(await ctx.db.entitlement.count({ where: { applicationId: id } })).toBe(0);
    await expect(getApplication(ctx.db, id)).rejects.toMatchObject({ code: 'not_found' });
    const events = await ctx.db.auditEvent.findMany({ where: { action: 'application.delete', targetId: id } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.details ?? '{}')).toMatchObject({ before: { groups: [kept.name] } });
  });

  it('describes the portal profile with display names, in the User Attributes order, defined attributes only, and the managing IdP', async () => {
    const idp = await ctx.db.identityProvider.create({ data: { name: uniqueName('Okta'), type: 'saml' } });
    const directory = await ctx.db.directory.create({ data: { name: uniqueName('dir'), type: 'jit', idpId: idp.id, jitIdpId: idp.id } });
    const [attr, roles] = [uniqueName('costCenter'), uniqueName('roles')];
    await ctx.db.userAttributeDefinition.create({ data: { name: attr, displayName: 'Cost centre', position: 1 } });
    await ctx.db.userAttributeDefinition.create({ data: { name: roles, displayName: 'Roles', position: 0, multiValued: true } });
    const user = await ctx.db.user.create({
      data: {
        directoryId: directory.id,
        userName: uniqueName('alice'),
        attributes: {
          create: [
            { name: 'legacyCode', value: 'L-1' },
            { name: attr, value: 'CC-9' },
            { name: roles, value: 'b', position: 1 },
            { name: roles, value: 'a', position: 0 },
          ],
        },
      },
    });
    const profile = await getPortalProfile(ctx.db, user.id);
    expect(profile?.managedBy).toBe(idp.name);
    expect(profile?.fields).toEqual([
      { name: roles, label: 'Roles', values: ['a', 'b'] },
      { name: attr, label: 'Cost centre', values: ['CC-9'] },
    ]); // legacyCode: no longer defined, not shown
    expect(await getPortalProfile(ctx.db, 'missing')).toBeNull();
  });
});
