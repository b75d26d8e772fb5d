import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInAs } from './fixtures/admins';
import { E2E_PORT, e2eServerEnv } from './fixtures/server';
import { connectJitIdp, suffix } from './fixtures/jit-idp';
import type { TestIdpServer } from './fixtures/test-idp-server';

// Groups come from rules on attributes; here a group and its members are written straight into the
// server's database, so these tests depend only on applications and entitlements.
const NOT_ENTITLED = 'This application is not assigned to you. If you need it, ask your administrator for access.';

function withServerDb<T>(run: (db: Database.Database) => T): T {
  const db = new Database((e2eServerEnv({ port: E2E_PORT }).DATABASE_URL ?? '').replace(/^file:/, ''), { timeout: 10_000 });
  try {
    return run(db);
  } finally {
    db.close();
  }
}

function insertGroup(name: string): string {
  const id = randomUUID();
  // The format Prisma's SQLite adapter writes DateTime columns in.
  const now = new Date().toISOString().replace('Z', '+00:00');
  withServerDb((db) => db.prepare('INSERT INTO "Group" (id, name, updatedAt) VALUES (?, ?, ?)').run(id, name, now));
  return id;
}

function setMembership(userName: string, groupId: string, member: boolean) {
  withServerDb((db) => {
    const user = db.prepare('SELECT id FROM "User" WHERE userName = ?').get(userName) as { id: string } | undefined;
    if (!user) throw new Error(`no user ${userName}`);
    if (member) db.prepare('INSERT INTO "GroupMembership" (userId, groupId) VALUES (?, ?)').run(user.id, groupId);
    else db.prepare('DELETE FROM "GroupMembership" WHERE userId = ? AND groupId = ?').run(user.id, groupId);
  });
}

async function createApp(request: APIRequestContext, data: Record<string, unknown>): Promise<string> {
  const res = await request.post('/api/v1/applications', { data, headers: ORIGIN_HEADER });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function entitle(request: APIRequestContext, appId: string, groupIds: string[]) {
  const res = await request.put(`/api/v1/applications/${appId}/entitlements`, { data: { groupIds }, headers: ORIGIN_HEADER });
  expect(res.status(), await res.text()).toBe(200);
}

test('an admin adds an application, entitles it to a group, edits and deletes it', async ({ page, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  const groupName = `Sales ${suffix()}`;
  insertGroup(groupName);
  const name = `CRM ${suffix()}`;
  await signInAs(page, admin.email, admin.password);

  await page.getByRole('navigation').getByRole('link', { name: 'Applications' }).first().click();
  await expect(page.getByRole('heading', { name: 'Applications', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Add application' }).first().click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Launch URL').fill('javascript:alert(document.cookie)');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'Only https:// and http:// URLs are allowed (javascript: is refused).',
  );
  await page.getByLabel('Launch URL').fill('https://crm.example.test/sso');
  await page.getByRole('button', { name: 'Add application' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const appId = new URL(page.url()).pathname.split('/').pop() ?? '';

  await page.getByRole('checkbox', { name: groupName }).check();
  await page.getByRole('button', { name: 'Save entitlements' }).click();
  await expect(page.getByRole('main').getByRole('status')).toHaveText('Saved. Entitled to 1 group.');

  await page.getByLabel('Description').fill('Customer records');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Saved.' }).first()).toBeVisible();

  // Names are unique ignoring case; the clash is named.
  const clash = await request.post('/api/v1/applications', {
    data: { name: name.toUpperCase(), launchUrl: 'https://other.example.test/' },
    headers: ORIGIN_HEADER,
  });
  expect(clash.status()).toBe(409);
  expect((await clash.json()).error.message).toBe(`An application named "${name}" already exists.`);

  const fetched = (await (await request.get(`/api/v1/applications/${appId}`)).json()) as { groups: { name: string }[] };
  expect(fetched).toMatchObject({ name, description: 'Customer records', launchUrl: 'https://crm.example.test/sso' });
  expect(fetched.groups.map((g) => g.name)).toEqual([groupName]);

  await page.goto('/admin/applications');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('https://crm.example.test/sso');
  await expect(row.getByRole('cell').last()).toHaveText('1');
  await row.getByRole('link', { name }).click();

  await page.getByRole('button', { name: 'Delete application…' }).click();
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await expect(page).toHaveURL(/\/admin\/applications$/);
  await expect(page.getByRole('main')).not.toContainText(name);
  expect((await request.get(`/api/v1/applications/${appId}`)).status()).toBe(404);

  const events = await (await request.get(`/api/v1/audit-events?user=${encodeURIComponent(admin.email)}`)).json();
  const actions = (events.data as { action: string; targetId: string }[]).filter((e) => e.targetId === appId).map((e) => e.action);
  expect(actions).toEqual(
    expect.arrayContaining(['application.create', 'application.entitlements', 'application.update', 'application.delete']),
  );
});

test('a read-only admin sees an application without any controls', async ({ page, request, playwright }) => {
  await createAdmin(request, 'super_admin');
  const groupName = `Finance ${suffix()}`;
  const groupId = insertGroup(groupName);
  const name = `Ledger ${suffix()}`;
  const appId = await createApp(request, { name, launchUrl: 'https://ledger.example.test/' });
  await entitle(request, appId, [groupId]);

  const reader = await createAdmin(await playwright.request.newContext(), 'read_only');
  await signInAs(page, reader.email, reader.password);
  await page.goto(`/admin/applications/${appId}`);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Entitled groups' })).toHaveText(groupName);
  for (const control of ['Save changes', 'Save entitlements', 'Delete application…']) {
    await expect(page.getByRole('button', { name: control })).toHaveCount(0);
  }
  await expect(page.getByRole('textbox')).toHaveCount(0);
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await page.goto('/admin/applications');
  await expect(page.getByRole('link', { name: 'Add application' })).toHaveCount(0);
});

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('the portal shows the user’s applications; launching checks the entitlement at that moment', async ({ page, request, playwright }) => {
  const setup = await connectJitIdp(request, {}, 'Portal IdP');
  idp = setup.idp;
  const { name: idpName, domain } = setup;

  const login = `pat-${suffix()}`;
  const userName = `${login}@${domain}`;
  idp.setUser(login, { nameId: userName, attributes: { userName, firstName: 'Pat', department: 'Sales' } });
  await page.goto(`/login?email=${userName}`);
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Pat' })).toBeVisible();
  await expect(page.getByText('No applications are assigned to you yet.')).toBeVisible();
  await expect(page.getByText(`Managed by ${idpName}`)).toBeVisible();
  await expect(page.getByLabel('Profile')).toContainText('Department');
  await expect(page.getByLabel('Profile')).toContainText('Sales');

  const groupId = insertGroup(`Portal ${suffix()}`);
  const launchHost = `crm-${suffix()}.example.test`;
  const crm = await createApp(request, {
    name: `CRM ${suffix()}`,
    description: 'Customer records',
    launchUrl: `https://${launchHost}/start`,
  });
  // An icon that cannot load: the tile falls back to the initial.
  const wiki = await createApp(request, {
    name: `Wiki ${suffix()}`,
    launchUrl: 'https://wiki.example.test/',
    iconUrl: 'http://127.0.0.1:9/icon.png',
  });
  const other = await createApp(request, { name: `Payroll ${suffix()}`, launchUrl: 'https://payroll.example.test/' });
  await entitle(request, crm, [groupId]);
  await entitle(request, wiki, [groupId]);
  setMembership(userName, groupId, true);

  await page.reload();
  const apps = page.getByRole('list', { name: 'Your applications' });
  await expect(apps.getByRole('listitem')).toHaveCount(2);
  await expect(apps.getByRole('link').first()).toContainText('Customer records');
  await expect(apps.getByRole('listitem').nth(1)).toContainText('W');
  await expect(apps.getByRole('listitem').nth(1).locator('img')).toHaveCount(0);

  // Not entitled (never was): sent back to the portal with a message, no stack trace.
  await page.goto(`/apps/${other}/launch`);
  await expect(page).toHaveURL(/\/apps\?error=not-entitled$/);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(NOT_ENTITLED);

  await page.route(`https://${launchHost}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<h1>CRM home</h1>' }));
  await apps.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'CRM home' })).toBeVisible();
  expect(page.url()).toBe(`https://${launchHost}/start`);

  // Removed from the group after the portal was drawn: the launch is refused.
  await page.goto('/apps');
  await expect(apps.getByRole('listitem')).toHaveCount(2);
  setMembership(userName, groupId, false);
  await apps.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/apps\?error=not-entitled$/);
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(NOT_ENTITLED);
  await expect(page.getByText('No applications are assigned to you yet.')).toBeVisible();

  const refused = await (await request.get('/api/v1/audit-events?action=application.launch&outcome=failure')).json();
  expect((refused.data as { targetId: string }[]).map((e) => e.targetId)).toEqual(expect.arrayContaining([crm, other]));

  // Signed out, the launch route asks to sign in first.
  const anonymous = await playwright.request.newContext();
  const res = await anonymous.get(`/apps/${crm}/launch`, { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers().location).toContain(`/login?returnTo=${encodeURIComponent(`/apps/${crm}/launch`)}`);
  await anonymous.dispose();
});
