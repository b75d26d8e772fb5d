import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  expect,
  request as apiRequest,
  test,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
  type Page,
  type Route,
} from '@playwright/test';
import { E2E_ADMIN, startServer, type RunningServer } from './fixtures/server';
import { startTestIdpServer, type TestIdpServer } from './fixtures/test-idp-server';

/**
 * Scale-out (PostgreSQL mode): two Gatehouse instances share one database and one secret, behind one public
 * origin — as behind a load balancer. Both have GATEHOUSE_URL = instance A's URL (the SP entity ID and ACS URL
 * come from it), B just listens on another port. Cookies for `localhost` are shared across ports, so the browser
 * sees one site, whichever instance answers. The ACS POST is steered to B in the browser.
 */
test.describe.configure({ mode: 'serial' });

const PG_ADMIN_URL = process.env.E2E_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PORT_A = 3111;
const PORT_B = 3112;
const PUBLIC_URL = `http://localhost:${PORT_A}`;
const ORIGIN = { Origin: PUBLIC_URL };
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const suffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const dbName = `gatehouse_e2e_${suffix()}`;

let a: RunningServer | undefined;
let b: RunningServer | undefined;
let admin: APIRequestContext;
let idp: TestIdpServer;
let setup: { id: string; name: string; domain: string };

async function withPg<T>(fn: (client: pg.Client) => Promise<T>, url = PG_ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

test.beforeAll(async () => {
  // Each start rebuilds first when the sources are newer than the build (start.ts), hence the generous limits.
  test.setTimeout(420_000);
  await withPg((c) => c.query(`CREATE DATABASE ${dbName}`));
  const common = { databaseUrl: databaseUrl(dbName), publicUrl: PUBLIC_URL, admin: E2E_ADMIN, startTimeoutMs: 180_000 };
  // One after the other: each start runs the migrations and the first-admin bootstrap.
  a = await startServer({ ...common, port: PORT_A, name: 'scale-out-a' });
  b = await startServer({ ...common, port: PORT_B, name: 'scale-out-b' });
  expect(a.output()).toContain('Database ready (postgresql)');
  expect(b.output()).toContain('Database ready (postgresql)');
  expect(a.output()).toContain(`First administrator created: ${E2E_ADMIN.email}`);
  expect(b.output()).not.toContain('First administrator created');

  // The admin signs in on B, reads the SP metadata from A and configures the IdP on B: one shared configuration.
  admin = await apiRequest.newContext();
  const csrf = (await (await admin.get(`${b.baseUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const signedIn = await admin.post(`${b.baseUrl}/api/auth/callback/admin-password`, {
    form: { csrfToken: csrf.csrfToken, email: E2E_ADMIN.email, password: E2E_ADMIN.password, json: 'true' },
    headers: ORIGIN,
  });
  expect(signedIn.ok()).toBe(true);
  const spMetadataXml = await (await admin.get(`${a.baseUrl}/api/saml/metadata`)).text();
  expect(spMetadataXml).toContain(`${PUBLIC_URL}/api/saml/acs`);
  expect(await (await admin.get(`${b.baseUrl}/api/saml/metadata`)).text()).toBe(spMetadataXml); // same SP keys
  idp = await startTestIdpServer({ spMetadataXml, users: {} });
  const name = `Scale-out IdP ${suffix()}`;
  const domain = `scale-${suffix()}.example`;
  const created = await admin.post(`${b.baseUrl}/api/v1/identity-providers`, {
    data: { name, metadataXml: idp.metadataXml },
    headers: ORIGIN,
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const jit = await admin.put(`${b.baseUrl}/api/v1/identity-providers/${id}/jit`, {
    data: { enabled: true, directory: { name: `${name} users`, domains: [domain] } },
    headers: ORIGIN,
  });
  expect(jit.status(), await jit.text()).toBe(200);
  setup = { id, name, domain };
});

test.afterAll(async () => {
  await admin?.dispose();
  await idp?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await withPg((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
});

function addUser(prefix: string, firstName: string) {
  const login = `${prefix}-${suffix()}`;
  const email = `${login}@${setup.domain}`;
  idp.setUser(login, { nameId: email, attributes: { userName: email, firstName, email } });
  return { login, email };
}

type AcsHandler = (route: Route) => Promise<string>;

/**
 * Starts the sign-in on A (the public URL) and signs in at the IdP. The browser's ACS POST (addressed to A, as
 * the SP metadata says) goes to `onAcs`; resolves, once `onAcs` is done, with the POST body and what it returned.
 */
async function signInAtIdp(page: Page, user: { login: string; email: string }, onAcs: AcsHandler) {
  let done!: (value: { body: string; location: string }) => void;
  const posted = new Promise<{ body: string; location: string }>((resolve) => (done = resolve));
  await page.route(`${PUBLIC_URL}/api/saml/acs`, async (route) => {
    const body = route.request().postData() ?? '';
    done({ body, location: await onAcs(route) });
  });
  await page.goto(`${a!.baseUrl}/login?email=${user.email}`);
  await expect(page.getByLabel('Username')).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(idp.url).host);
  await page.getByLabel('Username').fill(user.login);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return posted;
}

/**
 * The load balancer sends the IdP's POST to B: B answers it (a 303 to the public URL, i.e. A, with its cookies,
 * which the context keeps) and the browser gets B's answer. Returns B's Location.
 */
const acsOnB: AcsHandler = async (route) => {
  const response = await route.fetch({ url: `${b!.baseUrl}/api/saml/acs`, maxRedirects: 0 });
  await route.fulfill({ response });
  return response.headers().location ?? '';
};

const postAcs = (context: BrowserContext | Page, baseUrl: string, body: string): Promise<APIResponse> =>
  context.request.post(`${baseUrl}/api/saml/acs`, { data: body, headers: FORM, maxRedirects: 0 });

async function refusals(): Promise<string[]> {
  const res = await admin.get(`${a!.baseUrl}/api/v1/audit-events?type=signin-refused`);
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()).data as { reason: string | null }[]).map((e) => e.reason ?? '');
}

test('a sign-in started on instance A completes on instance B, and the response cannot be used again on A', async ({ page }) => {
  const user = addUser('erin', 'Erin');
  const { body: acsBody, location: acsLocation } = await signInAtIdp(page, user, acsOnB);
  await expect(page.getByRole('heading', { name: 'Welcome, Erin' })).toBeVisible();
  expect(acsBody).toContain('SAMLResponse=');
  expect(acsLocation).toMatch(new RegExp(`^${PUBLIC_URL}/`));
  expect(acsLocation).not.toContain('/login?error=');
  expect(new URL(page.url()).pathname).toBe('/apps');

  // The session is good on either instance.
  await page.goto(`${b!.baseUrl}/apps`);
  await expect(page.getByRole('heading', { name: 'Welcome, Erin' })).toBeVisible();

  // The same response, from the same browser, to A (and to B): refused — B used it up in the shared database.
  for (const server of [a!, b!]) {
    const again = await postAcs(page, server.baseUrl, acsBody);
    expect(again.status()).toBe(303);
    expect(again.headers().location).toContain('/login?error=');
  }
  const reasons = await refusals();
  expect(reasons.filter((r) => r.includes('No sign-in was started in this browser'))).toHaveLength(2);
});

test('the assertion replay store is shared: an assertion used on B is refused on A as a replay', async ({ page }) => {
  const user = addUser('frank', 'Frank');
  const { body: acsBody } = await signInAtIdp(page, user, acsOnB);
  await expect(page.getByRole('heading', { name: 'Welcome, Frank' })).toBeVisible();
  const requestId = idp.requests.at(-1)!.id;

  // Take away the first line of defence (the one-time AuthnRequest): re-open the request in the database, so the
  // only thing between the replayed assertion and a second sign-in is the replay store B wrote to.
  const reopened = await withPg(
    (c) => c.query('UPDATE "SamlRequest" SET "consumedAt" = NULL WHERE id = $1', [requestId]),
    databaseUrl(dbName),
  );
  expect(reopened.rowCount).toBe(1);

  const replayed = await postAcs(page, a!.baseUrl, acsBody);
  expect(replayed.status()).toBe(303);
  expect(replayed.headers().location).toContain('/login?error=');
  const reasons = await refusals();
  expect(
    reasons.find((r) => r.startsWith('replay:')),
    reasons.join('\n'),
  ).toContain('has already been used (replay)');
});

test('the same response posted to A and B at once, several times, signs in exactly once', async ({ page }) => {
  const user = addUser('grace', 'Grace');
  const before = (await refusals()).length;
  // The browser's POST is held back; its body goes to both instances at once.
  const { body: acsBody } = await signInAtIdp(page, user, async (route) => {
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>held</p>' });
    return '';
  });
  await expect(page.getByText('held')).toBeVisible();

  const answers = await Promise.all([a!, b!, a!, b!, a!, b!].map((server) => postAcs(page, server.baseUrl, acsBody)));
  const locations = answers.map((r) => {
    expect(r.status()).toBe(303);
    return r.headers().location ?? '';
  });
  const refused = locations.filter((l) => l.includes('/login?error='));
  const accepted = locations.filter((l) => !l.includes('/login?error='));
  expect(refused, locations.join('\n')).toHaveLength(5);
  expect(accepted).toHaveLength(1);

  // The winner's redirect finishes the sign-in (on A, the public URL).
  await page.unrouteAll();
  await page.goto(accepted[0]!);
  await expect(page.getByRole('heading', { name: 'Welcome, Grace' })).toBeVisible();

  const reasons = await refusals();
  expect(reasons.length).toBe(before + 5);
  // Which line of defence stops a loser depends on timing: the replay store, or the one-time request.
  for (const reason of reasons.slice(0, 5)) expect(reason).toMatch(/^replay:|already used|No sign-in was started/);
});
