import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jacksonClientSecret } from '../saml/derive-secret-key';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { createJackson, type JacksonControllers } from './create-jackson';
import { issueAuthorizationCode, redeemAuthorizationCode } from './authorization-codes';
import { samlCallbackUrl } from './saml-connections';

const BASE_URL = 'https://sso.gatehouse.test';
const SECRET = 'y'.repeat(40);

describe.each(TEST_PROVIDERS)('authorization codes issued after the gate, on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  let jackson: JacksonControllers;
  beforeAll(async () => {
    jackson = await createJackson({ db: ctx.db, baseUrl: BASE_URL, secret: SECRET });
  });
  afterAll(async () => {
    await jackson?.close();
  });

  const redeem = (code: string, clientSecret = jacksonClientSecret(SECRET)) =>
    jackson.oauthController.token({
      code,
      grant_type: 'authorization_code',
      redirect_uri: samlCallbackUrl(BASE_URL),
      client_id: 'dummy',
      client_secret: clientSecret,
    });

  it('are redeemed by the engine’s own token and userinfo steps, once', async () => {
    const claims = { id: uniqueName('user'), email: 'ada@acme.test', firstName: 'Ada', lastName: 'Lovelace' };
    const code = await issueAuthorizationCode(jackson, { clientId: 'client-1', tenant: 'idp-1', baseUrl: BASE_URL, claims });
    const once = () => redeemAuthorizationCode(jackson, ctx.db, { code, baseUrl: BASE_URL, secret: SECRET });
    const [first, second] = await Promise.allSettled([once(), once()]);
    const tokens = first.status === 'fulfilled' ? first.value : second.status === 'fulfilled' ? second.value : null;
    expect([first.status, second.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(tokens?.token_type).toBe('bearer');
    const profile = await jackson.oauthController.userInfo(tokens?.access_token ?? '');
    expect(profile).toMatchObject({ ...claims, requested: { tenant: 'idp-1', product: 'gatehouse' } });
    await expect(once()).rejects.toThrow('already used');
  });

  it('are not made one-time by the engine itself (why redeemAuthorizationCode marks them)', async () => {
    const claims = { id: uniqueName('user'), email: 'eve@acme.test' };
    const code = await issueAuthorizationCode(jackson, { clientId: 'client-1', tenant: 'idp-1', baseUrl: BASE_URL, claims });
    await redeem(code);
    // Should this start failing, Jackson fixed its delete and the marker is belt and braces.
    await expect(redeem(code)).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('are refused without the instance’s client secret', async () => {
    const code = await issueAuthorizationCode(jackson, {
      clientId: 'client-1',
      tenant: 'idp-1',
      baseUrl: BASE_URL,
      claims: { id: uniqueName('user'), email: 'bob@acme.test' },
    });
    await expect(redeem(code, 'dummy')).rejects.toThrow('Invalid client_secret');
    await expect(
      jackson.oauthController.token({
        code,
        grant_type: 'authorization_code',
        redirect_uri: 'https://evil.test/callback',
        client_id: 'dummy',
        client_secret: jacksonClientSecret(SECRET),
      }),
    ).rejects.toThrow('redirect_uri mismatch');
  });
});
