import { randomBytes } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { expect, test } from '@playwright/test';
import * as samlify from 'samlify';
import { ORIGIN_HEADER, createAdmin, signInAs } from './fixtures/admins';
import { createTestIdp } from './fixtures/test-idp';

const suffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

function thirdPartyIdp() {
  const host = `idp-${suffix()}.example`;
  return createTestIdp({ entityId: `https://${host}/saml/metadata`, ssoUrl: `https://${host}/saml/sso` });
}

test('an admin adds a SAML IdP from its metadata and enables JIT with two domains; a conflicting domain is refused', async ({
  page,
  request,
}) => {
  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);
  const idp = thirdPartyIdp();
  const name = `Okta ${suffix()}`;
  const [first, second] = [`acme-${suffix()}.example`, `acme-eu-${suffix()}.example`];

  await page.goto('/admin/identity-providers');
  await page.getByRole('link', { name: 'Add identity provider' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('IdP metadata XML').fill(idp.metadataXml);
  await page.getByRole('button', { name: 'Check metadata' }).click();
  await expect(page.getByTestId('entity-id')).toHaveText(idp.entityId);
  await expect(page.getByText(/^SHA-256 [0-9A-F:]{95}$/)).toBeVisible();
  await page.getByRole('button', { name: 'Add identity provider' }).click();

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('No JIT directory')).toBeVisible();
  await page.getByLabel('Directory name').fill(`${name} users`);
  await page.getByLabel('Domains').fill(`${first}\n${second.toUpperCase()}`);
  await page.getByRole('button', { name: 'Enable JIT provisioning' }).click();
  const domains = page.getByRole('list', { name: 'Domains' });
  await expect(domains).toContainText(first);
  await expect(domains).toContainText(second); // stored lower-case
  await expect(page.getByText('JIT on')).toBeVisible();

  // A second IdP claiming one of those domains is refused, naming the directory that owns it.
  const other = thirdPartyIdp();
  await page.goto('/admin/identity-providers/new');
  await page.getByLabel('Name').fill(`Entra ${suffix()}`);
  await page.getByLabel('IdP metadata XML').fill(other.metadataXml);
  await page.getByRole('button', { name: 'Add identity provider' }).click();
  await expect(page.getByText('No JIT directory')).toBeVisible();
  await page.getByLabel('Domains').fill(`fresh-${suffix()}.example ${first}`);
  await page.getByRole('button', { name: 'Enable JIT provisioning' }).click();
  await expect(page.getByRole('main').getByRole('alert')).toHaveText(
    `The domain ${first} already belongs to the directory "${name} users".`,
  );

  // The list shows both, with JIT state, directory and domains.
  await page.goto('/admin/identity-providers');
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('On');
  await expect(row).toContainText(`${first}, ${second}`.split(', ').sort().join(', '));
});

test('JIT without a directory, and bad metadata, are refused with precise messages', async ({ page, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  await signInAs(page, admin.email, admin.password);
  await page.goto('/admin/identity-providers/new');
  await page.getByLabel('Name').fill(`Broken ${suffix()}`);
  await page.getByLabel('IdP metadata XML').fill('<!DOCTYPE lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>');
  await page.getByRole('button', { name: 'Check metadata' }).click();
  await expect(page.getByText('The metadata must not contain a DOCTYPE.')).toBeVisible();

  const idp = thirdPartyIdp();
  const created = await request.post('/api/v1/identity-providers', {
    data: { name: `API ${suffix()}`, metadataXml: idp.metadataXml },
    headers: ORIGIN_HEADER,
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const jit = await request.put(`/api/v1/identity-providers/${id}/jit`, { data: { enabled: true }, headers: ORIGIN_HEADER });
  expect(jit.status()).toBe(422);
  expect((await jit.json()).error.message).toBe(
    'If JIT user provisioning is enabled, at least one directory must be associated with the identity provider.',
  );
});

test('the service provider page offers SP metadata that a third-party SAML library reads', async ({ page, request }) => {
  const admin = await createAdmin(request, 'read_only');
  await signInAs(page, admin.email, admin.password);
  await page.goto('/admin/service-provider');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download metadata' }).click()]);
  expect(download.suggestedFilename()).toBe('gatehouse-sp-metadata.xml');
  const xml = await (await request.get('/api/saml/metadata')).text();
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(path, 'utf8')).toBe(xml);

  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  expect(doc.documentElement?.localName).toBe('EntityDescriptor');
  const sp = samlify.ServiceProvider({ metadata: xml });
  const baseUrl = new URL(page.url()).origin;
  expect(sp.entityMeta.getEntityID()).toBe(`${baseUrl}/api/saml/metadata`);
  expect(sp.entityMeta.isWantAssertionsSigned()).toBe(true);
  expect(JSON.stringify(sp.entityMeta.getAssertionConsumerService('post'))).toContain(`${baseUrl}/api/saml/acs`);
  await expect(page.getByText(`${baseUrl}/api/saml/acs`)).toBeVisible();
});
