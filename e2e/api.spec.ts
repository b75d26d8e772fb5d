import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test';
import { signInAs } from './fixtures/admins';
import { ROUTES as ALL_ROUTES, type Route } from './fixtures/api-routes';
import { createJitDirectory } from './fixtures/directories';
import { signInThroughIdp, suffix } from './fixtures/jit-idp';
import { expectDocumented, fetchOpenApiDocument, pathTemplate } from './fixtures/openapi';
import { E2E_ADMIN, E2E_API_TOKEN } from './fixtures/server';
import { startTestIdpServer, type TestIdpServer } from './fixtures/test-idp-server';
import type { OpenApiDocument } from '../lib/api/openapi/document';

// The admin API as automation sees it (PRODUCT.md, issue "admin REST API"): Bearer tokens by scope, every
// answer as the OpenAPI document describes it, and the JIT user rules exactly as in the console.

const bearer = (playwright: PlaywrightWorkerArgs['playwright'], token: string) =>
  playwright.request.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${token}` } });

async function createToken(api: APIRequestContext, scope: 'read' | 'full'): Promise<{ id: string; token: string }> {
  const res = await api.post('/api/v1/api-tokens', { data: { name: `e2e ${scope} ${suffix()}`, scope } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

let document: OpenApiDocument;
test.beforeAll(async ({ playwright }) => {
  const anonymous = await playwright.request.newContext();
  document = await fetchOpenApiDocument(anonymous);
  await anonymous.dispose();
});

test('an admin creates a token in the console, sees it once, and revoking it stops it at once', async ({ page, playwright }) => {
  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/api-tokens');
  const name = `Deploy script ${suffix()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Scope').selectOption('read');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = ((await page.getByTestId('new-api-token').textContent()) ?? '').trim();
  expect(token).toMatch(/^gh_[A-Za-z0-9_-]{43}$/);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Read-only');
  await expect(row).toContainText('Never');
  await expect(row).toContainText(token.slice(0, 9));

  const api = await bearer(playwright, token);
  expect((await api.get('/api/v1/dashboard')).status()).toBe(200);
  expect((await api.post('/api/v1/groups', { data: { name: 'x', rules: [] } })).status()).toBe(403);

  // Shown once: after a reload the page has the prefix and the last use, never the token.
  await page.reload();
  await expect(page.getByTestId('new-api-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(token.slice(9));
  await expect(row).not.toContainText('Never');

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  const refused = await api.get('/api/v1/dashboard');
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toEqual({ error: { code: 'unauthenticated', message: 'The API token was revoked.' } });
  await api.dispose();
});

test('every route answers no token, a read-only, a full and a revoked token by scope, as the OpenAPI document says', async ({
  playwright,
}) => {
  const boot = await bearer(playwright, E2E_API_TOKEN);
  const read = await createToken(boot, 'read');
  const full = await createToken(boot, 'full');
  const revoked = await createToken(boot, 'full');
  expect((await boot.delete(`/api/v1/api-tokens/${revoked.id}`)).status()).toBe(204);
  expect((await boot.delete(`/api/v1/api-tokens/${revoked.id}`)).status()).toBe(204); // idempotent

  const setup = await playwright.request.newContext();
  const { directoryId } = await createJitDirectory(setup);
  await setup.dispose();
  const routes: (Route & { superStatus: number })[] = [
    ...ALL_ROUTES,
    { method: 'GET', path: `/api/v1/directories/${directoryId}`, write: false, superStatus: 200 },
    { method: 'GET', path: `/api/v1/directories/${directoryId}/stale-users.csv?days=30`, write: false, superStatus: 200 },
  ];

  // Every operation of the document is exercised here (the document itself is public).
  const covered = new Set(routes.map((route) => `${route.method} ${pathTemplate(document, route.path)}`));
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
  );
  expect(operations.filter((operation) => !covered.has(operation) && operation !== 'GET /api/v1/openapi.json')).toEqual([]);

  const callers = {
    none: await playwright.request.newContext(),
    revoked: await bearer(playwright, revoked.token),
    read: await bearer(playwright, read.token),
    full: await bearer(playwright, full.token),
  };
  for (const route of routes) {
    const label = `${route.method} ${route.path}`;
    for (const [who, api] of Object.entries(callers)) {
      const res = await api.fetch(route.path, { method: route.method, data: route.body, maxRedirects: 0 });
      const expected = who === 'none' || who === 'revoked' ? 401 : who === 'read' && route.write ? 403 : route.superStatus;
      expect(res.status(), `${label} as ${who}`).toBe(expected);
      if (expected === 401 && who === 'revoked') expect(res.headers()['www-authenticate'], label).toContain('Bearer');
      await expectDocumented(document, route.method, route.path, res);
    }
  }
  for (const api of [...Object.values(callers), boot]) await api.dispose();
});

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('automation sets up sign-in end to end with a token, and JIT users stay managed by their IdP', async ({ playwright, page }) => {
  const api = await bearer(playwright, E2E_API_TOKEN);
  const call = async (method: Route['method'], path: string, data?: unknown) => {
    const res = await api.fetch(path, { method, data });
    const body = await expectDocumented(document, method, path, res);
    return { status: res.status(), body: body as Record<string, unknown> & { data?: Record<string, unknown>[] } };
  };

  // The IdP registers our SP from the metadata the API serves; the IdP is added from its metadata.
  const metadata = await api.get('/api/v1/service-provider/metadata');
  expect(metadata.headers()['content-type']).toContain('samlmetadata+xml');
  idp = await startTestIdpServer({ spMetadataXml: await metadata.text(), users: {} });
  const name = `API IdP ${suffix()}`;
  const domain = `api-${suffix()}.example`;
  const created = await call('POST', '/api/v1/identity-providers', { name, metadataXml: idp.metadataXml });
  expect(created.status).toBe(201);
  const idpId = created.body.id as string;
  const jit = { enabled: true, directory: { name: `${name} users`, domains: [domain] } };
  const enabled = await call('PUT', `/api/v1/identity-providers/${idpId}/jit`, jit);
  expect(enabled.status).toBe(200);
  const again = await call('PUT', `/api/v1/identity-providers/${idpId}/jit`, jit); // PUT is idempotent
  expect(again).toEqual(enabled);
  const directoryId = (enabled.body.directory as { id: string }).id;

  // A group by attribute rule, an app entitled to it (the same PUT twice is one change).
  const team = `team-${suffix()}`;
  const group = await call('POST', '/api/v1/groups', {
    name: `API group ${suffix()}`,
    rules: [{ attribute: 'department', operator: 'equals', value: team }],
  });
  expect(group.status).toBe(201);
  const groupId = group.body.id as string;
  const app = await call('POST', '/api/v1/applications', { name: `API app ${suffix()}`, launchUrl: 'https://app.example.test/' });
  expect(app.status).toBe(201);
  const appId = app.body.id as string;
  const entitled = await call('PUT', `/api/v1/applications/${appId}/entitlements`, { groupIds: [groupId] });
  expect(entitled.status).toBe(200);
  expect(await call('PUT', `/api/v1/applications/${appId}/entitlements`, { groupIds: [groupId] })).toEqual(entitled);

  // A person signs in through the IdP: the API sees the JIT user, in the group.
  const login = `ada-${suffix()}`;
  const email = `${login}@${domain}`;
  idp.setUser(login, { nameId: email, attributes: { userName: email, email, firstName: 'Ada', department: team } });
  await signInThroughIdp(page, email, login);
  await expect(page.getByRole('heading', { name: 'Welcome, Ada' })).toBeVisible();
  const users = await call('GET', `/api/v1/users?directoryId=${directoryId}`);
  expect(users.body.data?.map((user) => user.email)).toEqual([email]);
  const userId = users.body.data?.[0]?.id as string;
  const members = await call('GET', `/api/v1/groups/${groupId}/members`);
  expect(members.body.data?.map((member) => member.id ?? member.userId)).toEqual([userId]);
  await call('GET', `/api/v1/users/${userId}`);

  // Rule 14: no API path changes a JIT user; each refusal names the rule, and the user is untouched.
  const managed = `Users provisioned Just-in-Time by ${name} are managed by their identity provider. Delete the directory to remove them.`;
  for (const [method, path, data] of [
    ['PATCH', `/api/v1/users/${userId}`, { firstName: 'Eve' }],
    ['DELETE', `/api/v1/users/${userId}`, undefined],
    ['POST', `/api/v1/users/${userId}/password-link`, undefined],
  ] as const) {
    const refused = await call(method, path, data);
    expect(refused, `${method} ${path}`).toEqual({ status: 403, body: { error: { code: 'forbidden', message: managed } } });
  }
  expect((await call('GET', `/api/v1/users/${userId}`)).body).toMatchObject({ firstName: 'Ada' });

  // Local users are the contrast: created, edited and deleted (DELETE again is still 204).
  const local = await call('POST', '/api/v1/users', { email: `lin-${suffix()}@local.example`, firstName: 'Lin' });
  expect(local.status).toBe(201);
  const localId = local.body.id as string;
  expect((await call('PATCH', `/api/v1/users/${localId}`, { lastName: 'Local' })).body).toMatchObject({ lastName: 'Local' });
  expect((await call('DELETE', `/api/v1/users/${localId}`)).status).toBe(204);
  expect((await call('DELETE', `/api/v1/users/${localId}`)).status).toBe(204);

  // Rule 4: deleting the directory deletes its users and turns JIT off for the IdP.
  const deleting = await call('DELETE', `/api/v1/directories/${directoryId}?confirmUsers=1`);
  expect(deleting.status).toBe(200);
  await expect.poll(async () => (await call('GET', `/api/v1/directories/${directoryId}`)).status, { timeout: 30_000 }).toBe(404);
  expect((await call('GET', `/api/v1/users/${userId}`)).status).toBe(404);
  expect((await call('GET', `/api/v1/identity-providers/${idpId}`)).body).toMatchObject({ jitEnabled: false });
  expect((await call('DELETE', `/api/v1/directories/${directoryId}?confirmUsers=1`)).status).toBe(204);
  await api.dispose();
});
