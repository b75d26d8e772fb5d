import { expect, test, type APIRequestContext } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInApi, uniqueEmail } from './fixtures/admins';
import { ROUTES as ALL_ROUTES, type Route } from './fixtures/api-routes';
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
  { path: '/admin/api-tokens', readOnly: true },
  { path: '/admin/api-reference', readOnly: true },
];

const ROUTES = [...ALL_ROUTES];

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
    expect(await res.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'Sign in as an administrator, or send an API token as `Authorization: Bearer <token>`.',
      },
    });
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
