import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../api/errors';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { createTestIdpMetadata } from '../saml/test-idp-metadata';
import { createJackson, type JacksonControllers } from './create-jackson';
import { deleteSamlConnection, JACKSON_PRODUCT, upsertSamlConnection } from './saml-connections';

const BASE_URL = 'https://sso.gatehouse.test';
const options = { baseUrl: BASE_URL };

describe.each(TEST_PROVIDERS)('Jackson SAML connections on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  let jackson: JacksonControllers;
  beforeAll(async () => {
    jackson = await createJackson({ db: ctx.db, baseUrl: BASE_URL, secret: 'x'.repeat(40) });
  });
  afterAll(async () => {
    await jackson?.close();
  });

  const connectionsOf = (tenant: string) => jackson.connectionAPIController.getConnections({ tenant, product: JACKSON_PRODUCT });

  it('creates, then updates in place, then deletes a connection', async () => {
    const id = uniqueName('idp');
    const idp = createTestIdpMetadata(`https://${id}.example.test/saml`);
    const created = await upsertSamlConnection(
      jackson,
      { id, name: 'Acme Okta', metadataXml: idp.metadataXml, samlClientId: null },
      options,
    );
    const [record] = await connectionsOf(id);
    expect(record).toMatchObject({
      clientID: created.clientId,
      tenant: id,
      product: 'gatehouse',
      name: 'Acme Okta',
      defaultRedirectUrl: `${BASE_URL}/api/auth/callback/boxyhq-saml`,
      redirectUrl: [`${BASE_URL}/api/auth/callback/boxyhq-saml`],
      idpMetadata: { entityID: idp.entityId, sso: { postUrl: `${idp.entityId}/sso/post` } },
    });
    const secret = record?.clientSecret;

    const updated = await upsertSamlConnection(
      jackson,
      { id, name: 'Acme Entra', metadataXml: idp.metadataXml, samlClientId: created.clientId },
      options,
    );
    expect(updated.clientId).toBe(created.clientId);
    const after = await connectionsOf(id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ name: 'Acme Entra', clientSecret: secret });

    await deleteSamlConnection(jackson, created.clientId);
    expect(await connectionsOf(id)).toEqual([]);
    await deleteSamlConnection(jackson, created.clientId); // already gone: no error
  });

  it('replaces the connection when the IdP entity ID changes', async () => {
    const id = uniqueName('idp');
    const first = createTestIdpMetadata(`https://${id}.example.test/old`);
    const second = createTestIdpMetadata(`https://${id}.example.test/new`);
    const a = await upsertSamlConnection(jackson, { id, name: 'IdP', metadataXml: first.metadataXml, samlClientId: null }, options);
    const b = await upsertSamlConnection(jackson, { id, name: 'IdP', metadataXml: second.metadataXml, samlClientId: a.clientId }, options);
    expect(b.clientId).not.toBe(a.clientId);
    const list = await connectionsOf(id);
    expect(list.map((c) => c.clientID)).toEqual([b.clientId]);
  });

  it('turns metadata Jackson refuses into a validation error', async () => {
    const id = uniqueName('idp');
    // IdP metadata without any SingleSignOnService: Jackson refuses it ("Couldn't find SAML bindings").
    const idp = createTestIdpMetadata(`https://${id}.example.test`);
    const noSso = idp.metadataXml.replace(/<(\w+:)?SingleSignOnService\b[^>]*?(\/>|>\s*<\/(\w+:)?SingleSignOnService>)/g, '');
    expect(noSso).not.toContain('SingleSignOnService');
    const attempt = upsertSamlConnection(jackson, { id, name: 'IdP', metadataXml: noSso, samlClientId: null }, options);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: 'validation_failed', message: expect.stringMatching(/SAML bindings/) });
  });

  it('refuses a second IdP with the same entity ID as a conflict', async () => {
    const idp = createTestIdpMetadata(`https://${uniqueName('shared')}.example.test`);
    await upsertSamlConnection(jackson, { id: uniqueName('idp'), name: 'one', metadataXml: idp.metadataXml, samlClientId: null }, options);
    await expect(
      upsertSamlConnection(jackson, { id: uniqueName('idp'), name: 'two', metadataXml: idp.metadataXml, samlClientId: null }, options),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});
