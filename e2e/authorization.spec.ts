import { expect, test, type APIRequestContext } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInApi, uniqueEmail } from './fixtures/admins';

// Every console page and admin route checks the caller itself; each is exercised here as
// anonymous, read-only admin and super admin.

const PAGES = ['/admin', '/admin/settings', '/admin/forbidden'];

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; path: string; write: boolean; body?: unknown };
const ROUTES: Route[] = [
  { method: 'GET', path: '/api/v1/dashboard', write: false },
  { method: 'GET', path: '/api/v1/admins', write: false },
  { method: 'POST', path: '/api/v1/admins', write: true, body: { email: 'x', password: 'short' } },
  { method: 'PATCH', path: '/api/v1/admins/does-not-exist', write: true, body: { role: 'read_only' } },
  { method: 'DELETE', path: '/api/v1/admins/does-not-exist', write: true },
];

function call(request: APIRequestContext, route: Route, headers: Record<string, string> = ORIGIN_HEADER) {
  return request.fetch(route.path, { method: route.method, data: route.body, headers, maxRedirects: 0 });
}

test('anonymous callers are sent to sign-in (pages) or refused with 401 (routes)', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext();
  for (const path of PAGES) {
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
  for (const path of PAGES) {
    const res = await readOnly.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
  }
  for (const route of ROUTES) {
    const res = await call(readOnly, route);
    expect(res.status(), `${route.method} ${route.path}`).toBe(route.write ? 403 : 200);
    if (route.write) expect((await res.json()).error.code).toBe('forbidden');
  }
  await readOnly.dispose();
});

test('a super admin may change things; the routes validate input and refuse cross-origin changes', async ({ playwright, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  const superAdmin = await playwright.request.newContext();
  await signInApi(superAdmin, admin.email, admin.password);
  const statuses = [];
  for (const route of ROUTES) statuses.push((await call(superAdmin, route)).status());
  // GETs succeed; the bad POST is a validation error; PATCH of a missing admin is 404; DELETE is idempotent.
  expect(statuses).toEqual([200, 200, 422, 404, 204]);

  const crossOrigin = await call(superAdmin, ROUTES[2]!, { Origin: 'https://evil.test' });
  expect(crossOrigin.status()).toBe(403);
  const noJson = await superAdmin.post('/api/v1/admins', { data: Buffer.from('not json'), headers: { ...ORIGIN_HEADER, 'Content-Type': 'application/json' } });
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
