import { expect, test } from '@playwright/test';
import { ORIGIN_HEADER, createAdmin, signInAs } from './fixtures/admins';
import { connectJitIdp, signInThroughIdp, suffix } from './fixtures/jit-idp';
import type { TestIdpServer } from './fixtures/test-idp-server';

// A user created by a real SAML sign-in (PRODUCT.md rules 11-12), then found by an admin: search, the user page with
// its source, attributes and group, and no way to change a JIT user (rule 14).

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('an admin finds a JIT user by search and sees them read-only, managed by their IdP, with attributes and group', async ({
  page,
  browser,
  request,
}) => {
  const setup = await connectJitIdp(request, {}, 'Users IdP');
  idp = setup.idp;
  const department = `Research ${suffix()}`;
  const groupName = `Researchers ${suffix()}`;
  const group = await request.post('/api/v1/groups', {
    data: { name: groupName, rules: [{ attribute: 'department', operator: 'equals', value: department }] },
    headers: ORIGIN_HEADER,
  });
  expect(group.status(), await group.text()).toBe(201);
  const { id: groupId } = (await group.json()) as { id: string };

  // The user signs in once, in a browser of their own: JIT creates them and puts them in the group.
  const login = `grace-${suffix()}`;
  const email = `${login}@${setup.domain}`;
  idp.setUser(login, { nameId: email, attributes: { userName: email, email, firstName: 'Grace', lastName: 'Hopper', department } });
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await signInThroughIdp(userPage, email, login);
  await expect(userPage.getByRole('heading', { name: 'Welcome, Grace' })).toBeVisible();
  await userContext.close();

  // A read-only admin is enough to read users.
  const reader = await createAdmin(request, 'read_only');
  await signInAs(page, reader.email, reader.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Users', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: 'Users', level: 1 })).toBeVisible();

  // A prefix of the user name, in another case.
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill(login.toUpperCase());
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${login.toUpperCase()}`));
  const row = page.getByRole('row', { name: new RegExp(login) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Grace Hopper');
  await expect(row).toContainText(`${setup.name} users`);
  await expect(row).toContainText(setup.domain);
  await expect(row).toContainText('Active');

  // Filtered by the group as well: still found; by another domain: not.
  const byGroup = (await (await request.get(`/api/v1/users?q=grace-&groupId=${groupId}`)).json()) as { data: { userName: string }[] };
  expect(byGroup.data.map((user) => user.userName)).toContain(email);
  const elsewhere = await (await request.get(`/api/v1/users?q=${encodeURIComponent(login)}&domain=nowhere.example`)).json();
  expect(elsewhere).toEqual({ data: [], nextCursor: null });

  await row.getByRole('link', { name: email }).click();
  await expect(page.getByRole('heading', { name: email, level: 1 })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('status').filter({ hasText: `Managed by ${setup.name}` })).toBeVisible();
  const attributes = main.getByRole('table', { name: 'Attributes' });
  await expect(attributes.getByRole('row', { name: /Department/ })).toContainText(department);
  await expect(attributes.getByRole('row', { name: /First name/ })).toContainText('Grace');
  const groups = main.getByRole('table', { name: 'Groups' });
  await expect(groups.getByRole('link', { name: groupName })).toBeVisible();
  await expect(groups).toContainText(`department equals "${department}"`);
  // The sign-in is listed.
  await expect(main.getByText('user.signin').first()).toBeVisible();

  // Read-only: no controls that change the user, for any admin.
  for (const name of [/edit/i, /delete/i, /save/i, /suspend/i]) {
    await expect(main.getByRole('button', { name })).toHaveCount(0);
    await expect(main.getByRole('link', { name })).toHaveCount(0);
  }
  await expect(main.getByRole('textbox')).toHaveCount(0);

  const userId = page.url().split('/').at(-1) ?? '';
  const api = await request.get(`/api/v1/users/${userId}`);
  expect(api.status()).toBe(200);
  expect(await api.json()).toMatchObject({
    userName: email,
    source: { kind: 'jit', label: `Managed by ${setup.name}` },
    // Other tests' groups may hold everyone: only this one is checked.
    groups: expect.arrayContaining([
      expect.objectContaining({ name: groupName, rule: expect.objectContaining({ text: `department equals "${department}"` }) }),
    ]),
  });

  // Every API change to a JIT user is refused by a super admin too (rule 14), naming the rule; the user is untouched.
  const refusal = {
    error: {
      code: 'forbidden',
      message: `Users provisioned Just-in-Time by ${setup.name} are managed by their identity provider. Delete the directory to remove them.`,
    },
  };
  for (const [method, path, data] of [
    ['PATCH', `/api/v1/users/${userId}`, { firstName: 'Mallory' }],
    ['DELETE', `/api/v1/users/${userId}`, undefined],
    ['POST', `/api/v1/users/${userId}/password-link`, undefined],
  ] as const) {
    const res = await request.fetch(path, { method, data, headers: ORIGIN_HEADER });
    expect(res.status(), `${method} ${path}`).toBe(403);
    expect(await res.json()).toEqual(refusal);
  }
  expect(await (await request.get(`/api/v1/users/${userId}`)).json()).toMatchObject({ userName: email, firstName: 'Grace' });
});
