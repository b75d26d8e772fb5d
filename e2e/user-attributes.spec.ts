import { randomBytes } from 'node:crypto';
import { expect, request as apiRequest, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { signInAs, uniqueEmail } from './fixtures/admins';
import { E2E_ADMIN, startServer, type RunningServer } from './fixtures/server';

/**
 * User attributes are global: a required attribute refuses every sign-in that lacks it. So this spec
 * runs on a Gatehouse of its own (own database), never on the server the sign-in specs use in parallel.
 */
test.describe.configure({ mode: 'serial' });

const PORT = 3133;
const suffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

let server: RunningServer;
let api: APIRequestContext;
let origin: { Origin: string };
let readOnly: { email: string; password: string };

async function signInApi(context: APIRequestContext, email: string, password: string) {
  const csrf = (await (await context.get('/api/auth/csrf')).json()) as { csrfToken: string };
  const res = await context.post('/api/auth/callback/admin-password', {
    form: { csrfToken: csrf.csrfToken, email, password, json: 'true' },
    headers: origin,
  });
  expect(res.ok()).toBe(true);
}

async function consolePage(browser: Browser, admin: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl });
  const page = await context.newPage();
  await signInAs(page, admin.email, admin.password);
  await page.goto('/admin/user-attributes');
  await expect(page.getByRole('heading', { name: 'User Attributes', level: 1 })).toBeVisible();
  return page;
}

const attributeUrl = (name: string) => `/api/v1/user-attributes/${encodeURIComponent(name)}`;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startServer({ port: PORT, name: 'user-attributes', admin: E2E_ADMIN, startTimeoutMs: 240_000 });
  origin = { Origin: server.baseUrl };
  api = await apiRequest.newContext({ baseURL: server.baseUrl });
  await signInApi(api, E2E_ADMIN.email, E2E_ADMIN.password);
  readOnly = { email: uniqueEmail('read-only'), password: `pw-${randomBytes(8).toString('hex')}` };
  const created = await api.post('/api/v1/admins', { data: { ...readOnly, role: 'read_only' }, headers: origin });
  expect(created.status()).toBe(201);
});

test.afterAll(async () => {
  await api?.dispose();
  await server?.stop();
});

test('an admin adds a custom attribute, marks it required, sees it listed, and removes it', async ({ browser }) => {
  const page = await consolePage(browser, E2E_ADMIN);
  const main = page.getByRole('main');
  await expect(main).toContainText('exactly, case included');
  await expect(main).toContainText('next sign-in');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'User Attributes' })).toBeVisible();

  // Built-ins: userName stays required, built-ins cannot be deleted.
  await expect(page.getByRole('checkbox', { name: 'Required: userName' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Required: userName' })).toBeDisabled();
  await expect(page.getByRole('checkbox', { name: 'Multi-valued: email' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Delete department' })).toHaveCount(0);

  // A claim URI: it travels URL-encoded in the API path, slashes and colons included.
  const name = `http://schemas.example.com/claims/costcenter-${suffix()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Display name').fill('Cost center');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await expect(main.getByRole('status')).toHaveText(`Added ${name}. It applies from the next sign-in.`);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Cost center');
  await expect(row).not.toContainText('Built-in');
  await expect(page.getByRole('row').last()).toContainText(name); // new attributes go last

  const required = page.getByRole('checkbox', { name: `Required: ${name}` });
  await expect(required).not.toBeChecked();
  await required.click();
  await expect(required).toBeChecked();
  const stored = await api.get(attributeUrl(name));
  expect(stored.status()).toBe(200);
  expect(await stored.json()).toMatchObject({ name, displayName: 'Cost center', required: true, multiValued: false, builtIn: false });

  await page.reload();
  await expect(page.getByRole('checkbox', { name: `Required: ${name}` })).toBeChecked();

  await page.getByRole('button', { name: `Delete ${name}` }).click();
  const confirm = page.getByRole('group', { name: `Delete ${name}` });
  await expect(confirm).toContainText('Values already stored on users are not deleted now');
  await confirm.getByRole('button', { name: 'Delete attribute' }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  expect((await api.get(attributeUrl(name))).status()).toBe(404);
  // DELETE is idempotent.
  expect((await api.delete(attributeUrl(name), { headers: origin })).status()).toBe(204);

  const audit = (await (await api.get('/api/v1/audit-events?action=attribute.update')).json()) as { data: { targetLabel: string }[] };
  expect(audit.data.map((event) => event.targetLabel)).toContain(name);
  await page.context().close();
});

test('an invalid name, and a name that differs from another only by case, show the error at the field', async ({ browser }) => {
  const page = await consolePage(browser, E2E_ADMIN);
  const nameField = page.getByLabel('Name', { exact: true });
  await nameField.fill('cost center');
  await page.getByLabel('Display name').fill('Cost center');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  const message = 'An attribute name may contain only letters A-Z and a-z, digits and _ - . : /; it contains a space.';
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(message);
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('row').filter({ hasText: 'cost center' })).toHaveCount(0);

  await nameField.fill('Department');
  await page.getByRole('button', { name: 'Add attribute' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    'Department differs from the existing attribute department only by case. Names are matched exactly, so use department, or a clearly different name.',
  );
  await page.context().close();
});

test('a read-only admin sees the attributes without any control', async ({ browser }) => {
  const custom = `badge-${suffix()}`;
  const created = await api.post('/api/v1/user-attributes', { data: { name: custom, displayName: 'Badge' }, headers: origin });
  expect(created.status()).toBe(201);

  const page = await consolePage(browser, readOnly);
  await expect(page.getByRole('row').filter({ hasText: 'userName' })).toContainText('Yes');
  await expect(page.getByRole('row').filter({ hasText: custom })).toContainText('Badge');
  await expect(page.getByRole('checkbox')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add attribute' })).toHaveCount(0);
  await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
  await page.context().close();
});
