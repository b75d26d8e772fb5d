import { expect, test } from '@playwright/test';
import { ORIGIN_HEADER } from './fixtures/admins';
import { connectJitIdp, signInThroughIdp, suffix } from './fixtures/jit-idp';
import type { TestIdpServer } from './fixtures/test-idp-server';

// PRODUCT.md rules 12-13 end to end: a group defined by a rule, an app entitled to it, and memberships that
// follow what the IdP sends at each sign-in, both ways.

let idp: TestIdpServer | undefined;
test.afterEach(async () => {
  await idp?.close();
  idp = undefined;
});

test('a user gets an app through a rule-based group, and loses it when the IdP stops sending the attribute', async ({ page, request }) => {
  const setup = await connectJitIdp(request, {}, 'Groups IdP');
  idp = setup.idp;
  const team = `team-${suffix()}`;

  const group = await request.post('/api/v1/groups', {
    data: {
      name: `VPN users ${suffix()}`,
      matchMode: 'all',
      rules: [
        { attribute: 'department', operator: 'startsWith', value: `${team}-eng`, caseSensitive: false },
        { attribute: 'email', operator: 'endsWith', value: `@${setup.domain}` },
      ],
    },
    headers: ORIGIN_HEADER,
  });
  expect(group.status(), await group.text()).toBe(201);
  const { id: groupId } = (await group.json()) as { id: string };
  const appName = `VPN ${suffix()}`;
  const app = await request.post('/api/v1/applications', {
    data: { name: appName, description: 'Remote access', launchUrl: 'https://vpn.example.test/' },
    headers: ORIGIN_HEADER,
  });
  expect(app.status(), await app.text()).toBe(201);
  const { id: appId } = (await app.json()) as { id: string };
  const entitled = await request.put(`/api/v1/applications/${appId}/entitlements`, {
    data: { groupIds: [groupId] },
    headers: ORIGIN_HEADER,
  });
  expect(entitled.status(), await entitled.text()).toBe(200);

  const login = `eve-${suffix()}`;
  const email = `${login}@${setup.domain}`;
  idp.setUser(login, { nameId: email, attributes: { userName: email, email, firstName: 'Eve', department: `${team}-Engineering` } });
  await signInThroughIdp(page, email, login);
  await expect(page.getByRole('heading', { name: 'Welcome, Eve' })).toBeVisible();
  const apps = page.getByRole('list', { name: 'Your applications' });
  await expect(apps.getByRole('listitem')).toHaveCount(1);
  await expect(apps).toContainText(appName);

  const members = await (await request.get(`/api/v1/groups/${groupId}/members`)).json();
  expect((members.data as { userName: string }[]).map((member) => member.userName)).toEqual([email]);

  // The IdP stops sending the department: at the next sign-in she is out of the group, and the app is gone.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  idp.setUser(login, { nameId: email, attributes: { userName: email, email, firstName: 'Eve' } });
  await signInThroughIdp(page, email, login);
  await expect(page.getByRole('heading', { name: 'Welcome, Eve' })).toBeVisible();
  await expect(page.getByText('No applications are assigned to you yet.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your applications' })).toHaveCount(0);
  const after = await (await request.get(`/api/v1/groups/${groupId}/members`)).json();
  expect(after.data).toEqual([]);

  const updates = await (await request.get(`/api/v1/audit-events?idpId=${setup.id}&type=user`)).json();
  const update = (updates.data as { action: string; details: { groups?: { removed: string[] } } | null }[]).find(
    (event) => event.action === 'user.update',
  );
  expect(update?.details?.groups?.removed).toHaveLength(1);
});
