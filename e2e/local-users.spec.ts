import { expect, test } from '@playwright/test';
import { signInAs } from './fixtures/admins';
import { suffix } from './fixtures/jit-idp';
import { E2E_ADMIN } from './fixtures/server';

// Local users, the contrast with JIT users (PRODUCT.md rules 1, 14): an admin creates one, sends a one-time link,
// the user sets a password and signs in with the built-in IdP; the link works once, a wrong password is refused.

test('an admin adds a local user; a one-time link sets the password; the user signs in with it', async ({ page, browser }) => {
  const first = `Lin${suffix().replace(/[^a-z0-9]/gi, '')}`;
  const email = `lin-${suffix()}@local.example`;
  const password = `correct horse ${suffix()}`;

  await signInAs(page, E2E_ADMIN.email, E2E_ADMIN.password);
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'Add local user' }).click();
  const form = page.getByRole('form', { name: 'Add local user' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('First name').fill(first);
  await form.getByLabel('Last name').fill('Local');
  await form.getByRole('button', { name: /add|create/i }).click();

  // The user's page: a local user, with the controls a JIT user never has.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(email);
  await expect(page.getByText('Local user').first()).toBeVisible();
  await expect(page.getByRole('form', { name: 'Edit local user' })).toBeVisible();
  await page.getByRole('button', { name: 'Create password link' }).click();
  const linkText = await page.getByText(/\/set-password\?token=/).textContent();
  const link = linkText?.trim() ?? '';
  expect(link).toMatch(/^http:\/\/localhost:\d+\/set-password\?token=/);

  // The user, in a browser of their own.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await userPage.goto(link);
  await userPage.getByLabel('New password').fill(password);
  await userPage.getByLabel('Repeat the password').fill(password);
  await userPage.getByRole('button', { name: 'Set password' }).click();
  await expect(userPage.getByText('Your password is set.')).toBeVisible();

  // The link works once.
  await userPage.goto(link);
  await userPage.getByLabel('New password').fill(`${password} again`);
  await userPage.getByLabel('Repeat the password').fill(`${password} again`);
  await userPage.getByRole('button', { name: 'Set password' }).click();
  await expect(userPage.getByRole('alert').first()).toBeVisible();
  await expect(userPage.getByText('Your password is set.')).toHaveCount(0);

  // A wrong password is refused with a plain message; the right one signs in to the portal.
  await userPage.goto('/login/password');
  await userPage.getByLabel('Email').fill(email);
  await userPage.getByLabel('Password', { exact: true }).fill(`${password} wrong`);
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage.getByText('Invalid email or password.')).toBeVisible();
  await userPage.getByLabel('Password', { exact: true }).fill(password);
  await userPage.getByRole('button', { name: 'Sign in' }).click();
  await expect(userPage.getByRole('heading', { name: `Welcome, ${first}` })).toBeVisible();
  await userContext.close();
});
