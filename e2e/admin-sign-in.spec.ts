import { expect, test } from '@playwright/test';
import { createAdmin, signInAs, signInPage, uniqueEmail } from './fixtures/admins';

test('an admin signs in, sees the dashboard with real counts, and signs out', async ({ page, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);
  await expect(page.getByText(`Signed in as ${admin.email}.`)).toBeVisible();
  // At least the bootstrap admin and this one exist.
  const adminsTile = page.getByRole('link', { name: /Administrators/ });
  const count = Number((await adminsTile.innerText()).replace(/\D+/g, ''));
  expect(count).toBeGreaterThanOrEqual(2);
  // Its own sign-in is in the recent activity.
  await expect(page.getByRole('cell', { name: admin.email }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/admin\/login\?callbackUrl=%2Fadmin|\/admin\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
});

test('a wrong password is refused with a clear message, and repeated failures lock the account', async ({ page, request }) => {
  const admin = await createAdmin(request, 'read_only');
  await signInPage(page, admin.email, 'not the password');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password.');
  await expect(page).toHaveURL(/\/admin\/login/);

  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password.');
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Too many failed sign-in attempts.');
  // Locked: even the right password is refused for now.
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Too many failed sign-in attempts.');
});

test('an unknown email gets the same message as a wrong password', async ({ page }) => {
  await signInPage(page, uniqueEmail('nobody'), 'whatever password');
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password.');
});

test('a read-only admin sees the console but no controls that change it', async ({ page, request }) => {
  const admin = await createAdmin(request, 'read_only');
  await signInAs(page, admin.email, admin.password);
  await expect(page.getByText('Read-only').first()).toBeVisible();
  await page.goto('/admin/settings');
  await expect(page.getByRole('heading', { name: 'Administrators' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add administrator' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);
});

test('a super admin adds a read-only admin in Settings, who can then sign in', async ({ page, request, browser }) => {
  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);
  await page.goto('/admin/settings');
  const email = uniqueEmail('added');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Add administrator' }).click();
  await expect(page.getByText('Use at least 12 characters')).toBeVisible();
  await page.getByLabel('Initial password').fill('a long enough password');
  await page.getByRole('button', { name: 'Add administrator' }).click();
  await expect(page.getByRole('cell', { name: email })).toBeVisible();

  const other = await browser.newPage();
  await signInAs(other, email, 'a long enough password');
  await expect(other.getByText('Read-only').first()).toBeVisible();
  await other.close();
});
