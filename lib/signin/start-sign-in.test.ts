import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateRawSync } from 'node:zlib';
import { createVerify } from 'node:crypto';
import { createTestIdp } from '../../e2e/fixtures/test-idp';
import { generateTestKeyPair } from '../../e2e/fixtures/test-keys';
import { hashToken } from '../auth/tokens';
import { createJackson, type JacksonControllers } from '../jackson/create-jackson';
import { upsertSamlConnection } from '../jackson/saml-connections';
import { getServiceProviderKeys } from '../saml/sp-keys';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { startSignIn } from './start-sign-in';

const BASE_URL = 'https://sso.gatehouse.test';
const SECRET = 's'.repeat(40);

// Jackson keeps the first SP certificate it loads for the whole process, so both databases of this
// file use one key pair, supplied as the environment would.
const spKeys = generateTestKeyPair('sso.gatehouse.test');
process.env.GATEHOUSE_SP_PRIVATE_KEY = spKeys.privateKeyPem;
process.env.GATEHOUSE_SP_CERTIFICATE = spKeys.certificatePem;

describe.each(TEST_PROVIDERS)('startSignIn on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  let jackson: JacksonControllers;
  beforeAll(async () => {
    jackson = await createJackson({ db: ctx.db, baseUrl: BASE_URL, secret: SECRET });
  });
  afterAll(async () => jackson?.close());

  it('redirects to the IdP with a signed AuthnRequest whose ID is bound to this browser', async () => {
    const host = `${uniqueName('idp').replace(/_/g, '-')}.example`;
    const idpMeta = createTestIdp({ entityId: `https://${host}/metadata`, ssoUrl: `https://${host}/sso`, bindings: ['HTTP-Redirect'] });
    const idp = await ctx.db.identityProvider.create({
      data: { name: uniqueName('Okta'), type: 'saml', entityId: idpMeta.entityId, metadataXml: idpMeta.metadataXml },
    });
    const { clientId } = await upsertSamlConnection(
      jackson,
      { ...idp, metadataXml: idpMeta.metadataXml, samlClientId: null },
      { baseUrl: BASE_URL },
    );
    await ctx.db.identityProvider.update({ where: { id: idp.id }, data: { samlClientId: clientId } });

    const started = await startSignIn(ctx.db, jackson, {
      idpId: idp.id,
      baseUrl: BASE_URL,
      flowNonce: 'browser-nonce',
      returnTo: '/apps',
      spPrivateKeyPem: spKeys.privateKeyPem,
    });
    expect(started.postForm).toBeNull();
    const url = new URL(started.redirectUrl ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`https://${host}/sso`);
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
    const id = /ID="([^"]+)"/.exec(xml)?.[1];
    expect(xml).toContain(`AssertionConsumerServiceURL="${BASE_URL}/api/saml/acs"`);
    expect(xml).toContain(`${BASE_URL}/api/saml/metadata`);

    const row = await ctx.db.samlRequest.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ idpId: idp.id, browserHash: hashToken('browser-nonce'), returnTo: '/apps', consumedAt: null });
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);

    // HTTP-Redirect binding: no XML signature inside; the query is signed with Gatehouse's SP key.
    expect(xml).not.toContain('Signature');
    const keys = await getServiceProviderKeys(ctx.db, SECRET, { baseUrl: BASE_URL });
    const raw = (started.redirectUrl ?? '').split('?')[1] ?? '';
    const signedPart = raw.slice(0, raw.indexOf('&Signature='));
    expect(url.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    expect(url.searchParams.get('RelayState')).toMatch(/^boxyhq_jackson_/);
    const verify = createVerify('RSA-SHA256').update(signedPart);
    expect(verify.verify(keys.certificatePem, url.searchParams.get('Signature') ?? '', 'base64')).toBe(true);
  });

  it('posts the signed AuthnRequest to an IdP that offers only HTTP-POST', async () => {
    const host = `${uniqueName('post-idp').replace(/_/g, '-')}.example`;
    const idpMeta = createTestIdp({ entityId: `https://${host}/metadata`, ssoUrl: `https://${host}/sso`, bindings: ['HTTP-POST'] });
    const idp = await ctx.db.identityProvider.create({
      data: { name: uniqueName('ADFS'), type: 'saml', entityId: idpMeta.entityId, metadataXml: idpMeta.metadataXml },
    });
    const { clientId } = await upsertSamlConnection(
      jackson,
      { ...idp, metadataXml: idpMeta.metadataXml, samlClientId: null },
      { baseUrl: BASE_URL },
    );
    await ctx.db.identityProvider.update({ where: { id: idp.id }, data: { samlClientId: clientId } });
    const started = await startSignIn(ctx.db, jackson, {
      idpId: idp.id,
      baseUrl: BASE_URL,
      flowNonce: 'post-nonce',
      returnTo: null,
      spPrivateKeyPem: spKeys.privateKeyPem,
    });
    expect(started.redirectUrl).toBeNull();
    expect(started.postForm).toContain(`https://${host}/sso`);
    expect(started.postForm).toContain('SAMLRequest');
    const row = await ctx.db.samlRequest.findFirstOrThrow({ where: { idpId: idp.id } });
    expect(row.browserHash).toBe(hashToken('post-nonce'));
  });
});
