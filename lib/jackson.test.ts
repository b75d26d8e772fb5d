import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from './db';
import { useTestDatabase } from './testing/use-test-database';

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };

describe('getJackson', () => {
  const ctx = useTestDatabase('postgresql');
  beforeAll(() => {
    vi.stubEnv('GATEHOUSE_URL', 'https://sso.acme.test');
    vi.stubEnv('GATEHOUSE_SECRET', 'jackson-test-secret-0123456789-0123456789');
    vi.stubEnv('DATABASE_URL', ctx.url);
    vi.stubEnv('GATEHOUSE_SP_PRIVATE_KEY', '');
    vi.stubEnv('GATEHOUSE_SP_CERTIFICATE', '');
    vi.resetModules();
    globalForDb.gatehouseDb = ctx.db;
  });
  afterAll(async () => {
    const { getJackson } = await import('./jackson');
    await (await getJackson()).close();
    globalForDb.gatehouseDb = undefined;
    vi.unstubAllEnvs();
  });

  it('starts one instance, configured with our SP key, entity ID and ACS URL', async () => {
    const { getJackson } = await import('./jackson');
    const { getServiceProviderKeys } = await import('./saml/sp-keys');
    const first = getJackson();
    expect(getJackson()).toBe(first);
    const jackson = await first;
    const config = await jackson.spConfig.get();
    expect(config.entityId).toBe('https://sso.acme.test/api/saml/metadata');
    expect(config.acsUrl).toBe('https://sso.acme.test/api/saml/acs');
    const keys = await getServiceProviderKeys(ctx.db, 'jackson-test-secret-0123456789-0123456789');
    expect(config.publicKey).toBe(keys.certificatePem);
    // Jackson's own default-certificate store stays unused: the SP key is ours.
    expect(await ctx.db.samlStore.count({ where: { namespace: 'x509:certificates' } })).toBe(0);
  });
});
