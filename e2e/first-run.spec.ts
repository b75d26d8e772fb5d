import { expect, test } from '@playwright/test';
import { startServer, type RunningServer } from './fixtures/server';

// A Gatehouse of its own, started without an admin, so the one-time setup link is printed.
let server: RunningServer;

test.beforeAll(async () => {
  server = await startServer({ port: 3101, name: 'first-run' });
});

test.afterAll(async () => {
  await server?.stop();
});

test('first start prints a one-time setup link that creates the first super admin', async ({ page }) => {
  const link = /(http:\/\/localhost:3101\/setup\?token=[\w-]+)/.exec(server.output())?.[1];
  expect(link, server.output()).toBeTruthy();

  // The console is closed until an admin exists.
  await page.goto(`${server.baseUrl}/admin`);
  await expect(page).toHaveURL(/\/admin\/login/);

  await page.goto(`${server.baseUrl}/setup?token=wrong`);
  await expect(page.getByRole('main').getByRole('alert')).toContainText('This setup link is invalid or has expired');

  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
  await page.getByLabel('Your name').fill('Ada Admin');
  await page.getByLabel('Email').fill('ada@example.test');
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('short');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('Use at least 12 characters')).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill('ada has a long password');
  await page.getByLabel('Confirm password').fill('ada has a long password');
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page).toHaveURL(/\/admin\/login\?setup=done/);
  await expect(page.getByText('Your administrator account is ready')).toBeVisible();

  await page.getByLabel('Email').fill('ada@example.test');
  await page.getByLabel('Password').fill('ada has a long password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  await expect(page.getByText('Super admin').first()).toBeVisible();

  // The link works once.
  await page.goto(link!);
  await expect(page.getByRole('heading', { name: 'Gatehouse is set up' })).toBeVisible();
});
