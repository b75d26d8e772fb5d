import { expect, test, type APIRequestContext } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInApi, uniqueEmail } from './fixtures/admins';
import { createJitDirectory } from './fixtures/directories';

// Every console page and admin route checks the caller itself; each is exercised here as
// anonymous, read-only admin and super admin.

/** Console pages, and whether a read-only admin may open them (the rest send them to /admin/forbidden). */
const PAGES: { path: string; readOnly: boolean }[] = [
  { path: '/admin', readOnly: true },
  { path: '/admin/settings', readOnly: true },
  { path: '/admin/forbidden', readOnly: true },
  { path: '/admin/identity-providers', readOnly: true },
  { path: '/admin/identity-providers/new', readOnly: false },
  { path: '/admin/service-provider', readOnly: true },
  { path: '/admin/audit', readOnly: true },
  { path: '/admin/groups', readOnly: true },
  { path: '/admin/groups/new', readOnly: false },
  { path: '/admin/applications', readOnly: true },
  { path: '/admin/applications/new', readOnly: false },
  { path: '/admin/user-attributes', readOnly: true },
  { path: '/admin/users', readOnly: true },
  { path: '/admin/directories', readOnly: true },
];

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; path: string; write: boolean; body?: unknown };
// `superStatus`: what a super admin gets for this (deliberately invalid or missing-target) call.
const ROUTES: (Route & { superStatus: number })[] = [
  { method: 'GET', path: '/api/v1/dashboard', write: false, superStatus: 200 },
  { method: 'GET', path: '/api/v1/admins', write: false, superStatus: 200 },
  { method: 'POST', path: '/api/v1/admins', write: true, body: { email: 'x', password: 'short' }, superStatus: 422 },
  { method: 'PATCH', path: '/api/v1/admins/does-not-exist', write: true, body: { role: 'read_only' }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/admins/does-not-exist', write: true, superStatus: 204 },
  { method: 'GET', path: '/api/v1/identity-providers', write: false, superStatus: 200 },
  { method: 'POST', path: '/api/v1/identity-providers', write: true, body: { name: '' }, superStatus: 422 },
  { method: 'POST', path: '/api/v1/identity-providers/metadata-preview', write: true, body: { metadataXml: '<x' }, superStatus: 422 },
  { method: 'GET', path: '/api/v1/identity-providers/does-not-exist', write: false, superStatus: 404 },
  { method: 'PATCH', path: '/api/v1/identity-providers/does-not-exist', write: true, body: { enabled: false }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/identity-providers/does-not-exist?confirmUsers=0', write: true, superStatus: 200 },
  { method: 'POST', path: '/api/v1/identity-providers/does-not-exist/refresh', write: true, superStatus: 404 },
  { method: 'PUT', path: '/api/v1/identity-providers/does-not-exist/jit', write: true, body: { enabled: true }, superStatus: 404 },
  { method: 'GET', path: '/api/v1/directories', write: false, superStatus: 200 },
  { method: 'GET', path: '/api/v1/directories/does-not-exist', write: false, superStatus: 404 },
  { method: 'GET', path: '/api/v1/directories/does-not-exist/stale-users.csv', write: false, superStatus: 404 },
  { method: 'GET', path: '/api/v1/directories/does-not-exist/stale-users.csv?days=0', write: false, superStatus: 422 },
  { method: 'DELETE', path: '/api/v1/directories/does-not-exist?confirmUsers=0', write: true, superStatus: 204 },
  { method: 'POST', path: '/api/v1/directories/does-not-exist/domains', write: true, body: { domain: 'free.example' }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/directories/does-not-exist/domains/free.example', write: true, superStatus: 404 },
  { method: 'GET', path: '/api/v1/groups', write: false, superStatus: 200 },
  { method: 'POST', path: '/api/v1/groups', write: true, body: { name: '', rules: [] }, superStatus: 422 },
  { method: 'POST', path: '/api/v1/groups/preview', write: true, body: { rules: [] }, superStatus: 422 },
  { method: 'GET', path: '/api/v1/groups/does-not-exist', write: false, superStatus: 404 },
  { method: 'PATCH', path: '/api/v1/groups/does-not-exist', write: true, body: { description: 'x' }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/groups/does-not-exist', write: true, superStatus: 204 },
  { method: 'GET', path: '/api/v1/groups/does-not-exist/members', write: false, superStatus: 404 },
  { method: 'POST', path: '/api/v1/groups/does-not-exist/recompute', write: true, superStatus: 404 },
  { method: 'GET', path: '/api/v1/user-attributes', write: false, superStatus: 200 },
  { method: 'POST', path: '/api/v1/user-attributes', write: true, body: { name: 'has space', displayName: 'X' }, superStatus: 422 },
  { method: 'GET', path: '/api/v1/user-attributes/does-not-exist', write: false, superStatus: 404 },
  { method: 'PATCH', path: '/api/v1/user-attributes/does-not-exist', write: true, body: { required: true }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/user-attributes/does-not-exist', write: true, superStatus: 204 },
  { method: 'GET', path: '/api/v1/applications', write: false, superStatus: 200 },
  { method: 'POST', path: '/api/v1/applications', write: true, body: { name: '', launchUrl: 'javascript:alert(1)' }, superStatus: 422 },
  { method: 'GET', path: '/api/v1/applications/does-not-exist', write: false, superStatus: 404 },
  { method: 'PATCH', path: '/api/v1/applications/does-not-exist', write: true, body: { description: 'x' }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/applications/does-not-exist', write: true, superStatus: 204 },
  { method: 'GET', path: '/api/v1/applications/does-not-exist/entitlements', write: false, superStatus: 404 },
  { method: 'PUT', path: '/api/v1/applications/does-not-exist/entitlements', write: true, body: { groupIds: [] }, superStatus: 404 },
  { method: 'GET', path: '/api/v1/users', write: false, superStatus: 200 },
  { method: 'GET', path: '/api/v1/users/does-not-exist', write: false, superStatus: 404 },
  { method: 'POST', path: '/api/v1/users', write: true, body: { email: 'not an email' }, superStatus: 422 },
  { method: 'PATCH', path: '/api/v1/users/does-not-exist', write: true, body: { firstName: 'X' }, superStatus: 404 },
  { method: 'DELETE', path: '/api/v1/users/does-not-exist', write: true, superStatus: 204 },
  { method: 'POST', path: '/api/v1/users/does-not-exist/password-link', write: true, superStatus: 404 },
  { method: 'GET', path: '/api/v1/service-provider', write: false, superStatus: 200 },
  { method: 'GET', path: '/api/v1/audit-events?type=admin-signin&outcome=failure', write: false, superStatus: 200 },
  { method: 'GET', path: '/api/v1/audit-events?outcome=maybe', write: false, superStatus: 422 },
];

// A directory's own page and routes need one that exists: each worker makes its own before the tests.
test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext();
  const { directoryId } = await createJitDirectory(api);
  await api.dispose();
  PAGES.push({ path: `/admin/directories/${directoryId}`, readOnly: true });
  ROUTES.push(
    { method: 'GET', path: `/api/v1/directories/${directoryId}`, write: false, superStatus: 200 },
    { method: 'GET', path: `/api/v1/directories/${directoryId}/stale-users.csv?days=30`, write: false, superStatus: 200 },
  );
});

function call(request: APIRequestContext, route: Route, headers: Record<string, string> = ORIGIN_HEADER) {
  return request.fetch(route.path, { method: route.method, data: route.body, headers, maxRedirects: 0 });
}

test('anonymous callers are sent to sign-in (pages) or refused with 401 (routes)', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext();
  for (const { path } of PAGES) {
    const res = await anonymous.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(307);
    expect(res.headers().location, path).toContain('/admin/login');
  }
  for (const route of ROUTES) {
    const res = await call(anonymous, route);
    expect(res.status(), `${route.method} ${route.path}`).toBe(401);
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in as an administrator to continue.' } });
  }
  await anonymous.dispose();
});

test('a read-only admin reads every page and route, and every change is refused with 403', async ({ playwright, request }) => {
  const admin = await createAdmin(request, 'read_only');
  const readOnly = await playwright.request.newContext();
  await signInApi(readOnly, admin.email, admin.password);
  for (const { path, readOnly: allowed } of PAGES) {
    const res = await readOnly.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(allowed ? 200 : 307);
    if (!allowed) expect(res.headers().location, path).toContain('/admin/forbidden');
  }
  for (const route of ROUTES) {
    const res = await call(readOnly, route);
    expect(res.status(), `${route.method} ${route.path}`).toBe(route.write ? 403 : route.superStatus);
    if (route.write) expect((await res.json()).error.code).toBe('forbidden');
  }
  await readOnly.dispose();
});

test('a super admin may change things; the routes validate input and refuse cross-origin changes', async ({ playwright, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  const superAdmin = await playwright.request.newContext();
  await signInApi(superAdmin, admin.email, admin.password);
  for (const { path } of PAGES) expect((await superAdmin.get(path, { maxRedirects: 0 })).status(), path).toBe(200);
  for (const route of ROUTES) {
    const res = await call(superAdmin, route);
    expect(res.status(), `${route.method} ${route.path}`).toBe(route.superStatus);
    if (res.status() >= 400) expect(Object.keys((await res.json()).error)).toEqual(expect.arrayContaining(['code', 'message']));
  }

  const crossOrigin = await call(superAdmin, ROUTES[2]!, { Origin: 'https://evil.test' });
  expect(crossOrigin.status()).toBe(403);
  const noJson = await superAdmin.post('/api/v1/admins', {
    data: Buffer.from('not json'),
    headers: { ...ORIGIN_HEADER, 'Content-Type': 'application/json' },
  });
  expect(noJson.status()).toBe(400);

  const created = await superAdmin.post('/api/v1/admins', {
    data: { email: uniqueEmail('created'), password: 'a long enough password', role: 'read_only' },
    headers: ORIGIN_HEADER,
  });
  expect(created.status()).toBe(201);
  const body = await created.json();
  expect(body).not.toHaveProperty('passwordHash');
  const list = await (await superAdmin.get('/api/v1/admins')).json();
  expect(JSON.stringify(list)).not.toContain('scrypt$');
  await superAdmin.dispose();
});

test('a deleted admin loses access at the next request', async ({ playwright, request }) => {
  const victim = await createAdmin(request, 'super_admin');
  const session = await playwright.request.newContext();
  await signInApi(session, victim.email, victim.password);
  expect((await session.get('/api/v1/dashboard')).status()).toBe(200);
  // `request` is signed in as the bootstrap super admin (createAdmin did it).
  expect((await request.delete(`/api/v1/admins/${victim.id}`, { headers: ORIGIN_HEADER })).status()).toBe(204);
  expect((await session.get('/api/v1/dashboard')).status()).toBe(401);
  await session.dispose();
});
