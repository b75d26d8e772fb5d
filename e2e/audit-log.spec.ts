import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInAs, uniqueEmail } from './fixtures/admins';

// Other specs write audit events on the same server at the same time: every check here filters by an
// email this test created, so it sees exactly its own events.

/** One table row per event (not the header, nor the row of an expanded event's details). */
function eventRows(page: Page) {
  return page
    .getByRole('main')
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.locator('time') });
}

/** A wrong-password sign-in, as the sign-in form would send it. */
async function failSignIn(request: APIRequestContext, email: string) {
  const csrf = (await (await request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await request.post('/api/auth/callback/admin-password', {
    form: { csrfToken: csrf.csrfToken, email, password: 'not the password at all', json: 'true' },
    headers: ORIGIN_HEADER,
  });
}

async function applyFilters(page: Page, filters: { type?: string; user?: string; outcome?: string }) {
  if (filters.type !== undefined) await page.getByLabel('Event type').selectOption({ label: filters.type });
  if (filters.user !== undefined) await page.getByLabel('User', { exact: true }).fill(filters.user);
  if (filters.outcome !== undefined) await page.getByLabel('Outcome').selectOption({ label: filters.outcome });
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

test('an admin filters the audit log by type, outcome and user, expands details and pages through', async ({
  page,
  playwright,
  request,
}) => {
  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);

  // An administrator created through the API as this admin, then a wrong password for them.
  const other = { email: uniqueEmail('audited'), password: 'a long enough password', role: 'read_only' };
  const created = await page.request.post('/api/v1/admins', { data: other, headers: ORIGIN_HEADER });
  expect(created.status()).toBe(201);
  const anonymous = await playwright.request.newContext();
  await failSignIn(anonymous, other.email);
  await anonymous.dispose();

  await page.getByRole('link', { name: 'Audit Log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit Log', level: 1 })).toBeVisible();

  // Any case finds both events about that administrator, newest first, times in UTC.
  await applyFilters(page, { user: other.email.toUpperCase() });
  await expect(page).toHaveURL(/[?&]user=/);
  const rows = eventRows(page);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('admin.signin');
  await expect(rows.nth(0)).toContainText('failure');
  await expect(rows.nth(0)).toContainText('Wrong password');
  await expect(rows.nth(1)).toContainText('admin.create');
  await expect(rows.nth(1)).toContainText(admin.email);
  await expect(rows.nth(1)).toContainText('success');
  await expect(rows.nth(1).locator('time')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);

  // The creation's details, pretty-printed.
  await rows.nth(1).getByText('Details', { exact: true }).click();
  const details = page.getByRole('main').getByRole('group', { name: /^Details of admin\.create at / });
  await expect(details).toContainText(`"email": "${other.email}"`);
  await expect(details).toContainText('"role": "read_only"');

  await applyFilters(page, { type: 'Administrators' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('admin.create');

  await applyFilters(page, { type: 'All events', outcome: 'Failure' });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('admin.signin');
  await expect(rows.first()).toContainText('Wrong password');

  await applyFilters(page, { type: 'Identity providers', outcome: 'Any' });
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No events match these filters')).toBeVisible();

  // The admin's own sign-in, under "Admin sign-ins".
  await applyFilters(page, { type: 'Admin sign-ins', user: admin.email });
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('admin.signin');
  await expect(rows.first()).toContainText('success');

  // One event a page: the cursor and the filters travel together.
  await page.goto(`/admin/audit?user=${encodeURIComponent(other.email)}&limit=1`);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('admin.signin');
  await page.getByRole('link', { name: 'Next page' }).click();
  await expect(rows.first()).toContainText('admin.create');
  await expect(rows).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Next page' })).toHaveCount(0);
  await page.getByRole('link', { name: 'First page' }).click();
  await expect(rows.first()).toContainText('admin.signin');
});

test('a read-only admin reads the audit log and its API; invalid filters are explained', async ({ page, request }) => {
  const reader = await createAdmin(request, 'read_only');
  await signInAs(page, reader.email, reader.password);

  await page.goto('/admin/audit');
  await applyFilters(page, { type: 'Admin sign-ins', user: reader.email });
  const rows = eventRows(page);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(reader.email);
  await expect(rows.first()).toContainText('success');

  const res = await page.request.get(`/api/v1/audit-events?type=admin-signin&user=${encodeURIComponent(reader.email)}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { data: { action: string; actorLabel: string; outcome: string }[]; nextCursor: string | null };
  expect(body.data.map((e) => [e.action, e.actorLabel, e.outcome])).toEqual([['admin.signin', reader.email, 'success']]);
  expect(body.nextCursor).toBeNull();

  const invalid = await page.request.get('/api/v1/audit-events?outcome=maybe');
  expect(invalid.status()).toBe(422);
  expect(await invalid.json()).toMatchObject({
    error: { code: 'validation_failed', message: 'outcome: The outcome is success or failure' },
  });

  await page.goto('/admin/audit?limit=1000');
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'These filters cannot be applied' })).toContainText(
    'limit: Use a whole number between 1 and 200',
  );
});
