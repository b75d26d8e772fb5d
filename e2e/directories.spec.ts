import { expect, test } from '@playwright/test';
import { createAdmin, signInAs } from './fixtures/admins';
import { createJitDirectory } from './fixtures/directories';
import { connectJitIdp, signInThroughIdp, suffix } from './fixtures/jit-idp';
import type { TestIdpServer } from './fixtures/test-idp-server';

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('an admin sees each directory with its IdP, domains, users, last sign-in and stale users, then deletes it', async ({
  page,
  browser,
  request,
}) => {
  const setup = await connectJitIdp(request, {});
  idp = setup.idp;
  const directoryName = `${setup.name} users`;
  // One user signs in (in a browser of their own), so the directory has a user and a last sign-in.
  const login = `dora-${suffix()}`;
  idp.setUser(login, { nameId: login, attributes: { userName: login } });
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await signInThroughIdp(userPage, `${login}@${setup.domain}`, login);
  await expect(userPage.getByRole('heading', { name: /Welcome/ })).toBeVisible();

  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);
  await page.goto('/admin/directories');
  await expect(page.getByRole('heading', { name: 'Directories', level: 1 })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(directoryName) });
  await expect(row).toContainText('JIT');
  await expect(row).toContainText(setup.name);
  await expect(row).toContainText(setup.domain);
  await expect(row).toContainText('Active');
  await expect(row).not.toContainText('Never');

  await row.getByRole('link', { name: directoryName }).click();
  await expect(page.getByRole('heading', { name: directoryName, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Domains' })).toContainText(setup.domain);
  await expect(page.getByRole('link', { name: 'Manage domains' })).toHaveAttribute('href', `/admin/identity-providers/${setup.id}`);

  // Stale users: the one user signed in just now, so nobody is stale at 90 days; a bad number is refused.
  await expect(page.getByTestId('stale-count')).toContainText('Stale: 0 of 1 user, not signed in for 90 days');
  await page.getByLabel('Not signed in for (days)').fill('0');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/days=0/);
  await expect(page.getByText('Enter at least 1 day')).toBeVisible();
  await page.getByLabel('Not signed in for (days)').fill('30');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('stale-count')).toContainText('not signed in for 30 days');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^stale-users-.+-30d\.csv$/);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(await download.path(), 'utf8')).toBe(
    'userName,email,firstName,lastName,domain,status,lastSignInAt,createdAt,inactiveDays\r\n',
  );

  // Delete: typed confirmation with the user count; the user is signed out at once, the directory goes in the background.
  await page.getByRole('button', { name: 'Delete directory…' }).click();
  const confirm = page.getByRole('group', { name: 'Delete directory' });
  await expect(confirm).toContainText('deletes its 1 user');
  await page.getByLabel('Type 1 to confirm').fill('1');
  await confirm.getByRole('button', { name: 'Delete directory' }).click();
  await userPage.goto('/apps');
  await expect(userPage).toHaveURL(/\/login/);
  await userContext.close();
  // The page follows the deletion and returns to the list when it has finished.
  await expect(page).toHaveURL(/\/admin\/directories$/, { timeout: 20_000 });
  await expect(page.getByRole('row', { name: new RegExp(directoryName) })).toHaveCount(0);
  await page.goto(`/admin/identity-providers/${setup.id}`);
  await expect(page.getByText('No JIT directory')).toBeVisible();
});

test('a read-only admin sees a directory and its stale users, without the delete controls', async ({ page, request }) => {
  const directory = await createJitDirectory(request);
  const admin = await createAdmin(request, 'read_only');
  await signInAs(page, admin.email, admin.password);
  await page.goto(`/admin/directories/${directory.directoryId}`);
  await expect(page.getByRole('heading', { name: directory.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Domains' })).toContainText(directory.domain);
  await expect(page.getByTestId('stale-count')).toContainText('Stale: 0 of 0 users');
  await expect(page.getByRole('link', { name: 'Download CSV' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);

  const csv = await request.get(`/api/v1/directories/${directory.directoryId}/stale-users.csv`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
});
