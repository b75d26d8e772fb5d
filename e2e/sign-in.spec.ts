import { randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ORIGIN_HEADER } from './fixtures/admins';
import { connectJitIdp, suffix } from './fixtures/jit-idp';
import type { TestIdpServer } from './fixtures/test-idp-server';

// A real third-party IdP (samlify) on 127.0.0.1, Gatehouse on localhost: the ACS POST is cross-site.
const connectIdp = (request: APIRequestContext, users: Parameters<typeof connectJitIdp>[1]) => connectJitIdp(request, users);

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('first sign-in creates the user; a changed attribute at the IdP updates them at the next sign-in', async ({ page, request }) => {
  const setup = await connectIdp(request, {});
  idp = setup.idp;
  const login = `alice-${suffix()}`;
  idp.setUser(login, {
    nameId: `${login}@${setup.domain}`,
    attributes: { userName: `${login}@${setup.domain}`, firstName: 'Alice', department: 'Sales', email: `${login}@${setup.domain}` },
  });

  await page.goto(`/login?email=${login}@${setup.domain}`);
  await expect(page.getByLabel('Username')).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(idp.url).host);
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Alice' })).toBeVisible();
  await expect(page.getByText(`Managed by ${setup.name}`)).toBeVisible();
  await expect(page.getByLabel('Profile')).toContainText('Sales');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/apps');
  await expect(page).toHaveURL(/\/login/);

  idp.setUser(login, {
    nameId: `${login}@${setup.domain}`,
    attributes: { userName: `${login}@${setup.domain}`, firstName: 'Alice', department: 'Marketing', email: `${login}@${setup.domain}` },
  });
  await page.goto('/login');
  await page.getByLabel('Work email').fill(`${login}@${setup.domain}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByLabel('Profile')).toContainText('Marketing');
  await expect(page.getByLabel('Profile')).not.toContainText('Sales');

  const events = await (await request.get(`/api/v1/audit-events?idpId=${setup.id}&type=user`)).json();
  const actions = (events.data as { action: string }[]).map((e) => e.action);
  expect(actions).toContain('user.create');
  expect(actions).toContain('user.update');
});

test('a missing required attribute and an unknown domain get clear messages', async ({ page, request }) => {
  const setup = await connectIdp(request, {});
  idp = setup.idp;
  const login = `bob-${suffix()}`;
  idp.setUser(login, { nameId: `${login}@${setup.domain}`, attributes: { firstName: 'Bob' } });
  await page.goto(`/login?email=${login}@${setup.domain}`);
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('User attribute is missing: userName.');

  await page.goto(`/login?email=carol@unknown-${suffix()}.example`);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Single sign-on is not set up for unknown-');
});

test('a response replayed, or posted without a sign-in started in this browser, is refused', async ({ page, request, browser }) => {
  const setup = await connectIdp(request, {});
  idp = setup.idp;
  const login = `dan-${suffix()}`;
  idp.setUser(login, { nameId: `${login}@${setup.domain}`, attributes: { userName: `${login}@${setup.domain}` } });
  await page.goto(`/login?email=${login}@${setup.domain}`);
  await page.getByLabel('Username').fill(login);
  // Capture the signed response on its way to the ACS, then let it through.
  const posted = page.waitForRequest((r) => r.url().endsWith('/api/saml/acs') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const body = (await posted).postData() ?? '';
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();

  // Same response again, from the same browser: refused (one-time use).
  const again = await page.request.post('/api/saml/acs', {
    data: body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(again.status()).toBe(303);
  // And from another browser that started nothing: refused.
  const other = await browser.newContext();
  const stolen = await other.request.post('/api/saml/acs', {
    data: body,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    maxRedirects: 0,
  });
  expect(stolen.status()).toBe(303);
  expect(stolen.headers().location).toContain('/login?error=');
  await other.close();
  const refused = await (await request.get(`/api/v1/audit-events?type=signin-refused`)).json();
  expect((refused.data as { reason: string }[]).length).toBeGreaterThanOrEqual(2);
});

test('a user of a second IdP’s domain is routed to that IdP', async ({ page, request }) => {
  const first = await connectIdp(request, {});
  const second = await connectIdp(request, {});
  try {
    await page.goto(`/login?email=erin@${first.domain}`);
    await expect(page.getByLabel('Username')).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(first.idp.url).host);
    await page.goto(`/login?email=frank@${second.domain.toUpperCase()}`);
    await expect(page.getByLabel('Username')).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(second.idp.url).host);
  } finally {
    await first.idp.close();
    await second.idp.close();
  }
});

test('deleting the directory signs its users out at their next request', async ({ page, request }) => {
  const setup = await connectIdp(request, {});
  idp = setup.idp;
  const login = `gina-${suffix()}`;
  idp.setUser(login, { nameId: login, attributes: { userName: login } });
  await page.goto(`/login?email=${login}@${setup.domain}`);
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();

  const { directory } = (await (await request.get(`/api/v1/identity-providers/${setup.id}`)).json()) as { directory: { id: string } };
  const deleted = await request.delete(`/api/v1/directories/${directory.id}?confirmUsers=1`, { headers: ORIGIN_HEADER });
  expect(deleted.status(), await deleted.text()).toBe(200);
  // The users are deleted by a background job; their sessions end at once.
  expect(await deleted.json()).toMatchObject({ status: 'deleting', usersDeleted: 1 });
  await page.goto('/apps');
  await expect(page).toHaveURL(/\/login/);
  // And the IdP signs nobody in until a new JIT directory exists (once the job is done, the domain is free).
  await expect.poll(async () => (await request.get(`/api/v1/directories/${directory.id}`)).status(), { timeout: 20_000 }).toBe(404);
  await page.goto(`/login?email=${login}@${setup.domain}`);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Single sign-on is not set up');
});

test('hostile input at the ACS is refused quickly and the next sign-in still works', async ({ page, request }) => {
  const setup = await connectIdp(request, {});
  idp = setup.idp;
  const nested = `${'<a xmlns:x="urn:x">'.repeat(10_000)}${'</a>'.repeat(10_000)}`;
  const hostile = [
    Buffer.from(nested).toString('base64'),
    Buffer.from('<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>').toString('base64'),
    'not base64 at all %%%',
    Buffer.from(randomBytes(150_000)).toString('base64'),
  ];
  for (const samlResponse of hostile) {
    const started = Date.now();
    const res = await request.post('/api/saml/acs', { form: { SAMLResponse: samlResponse, RelayState: '' }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
    expect(res.headers().location).toContain('/login?error=');
    expect(Date.now() - started).toBeLessThan(5_000);
  }
  const tooBig = await request.post('/api/saml/acs', { form: { SAMLResponse: 'A'.repeat(600_000) }, maxRedirects: 0 });
  expect(tooBig.status()).toBe(303);

  const login = `hal-${suffix()}`;
  idp.setUser(login, { nameId: login, attributes: { userName: login, firstName: 'Hal' } });
  await page.goto(`/login?email=${login}@${setup.domain}`);
  await page.getByLabel('Username').fill(login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome, Hal' })).toBeVisible();
});
