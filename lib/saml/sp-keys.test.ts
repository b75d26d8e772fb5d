import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TEST_PROVIDERS } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { generateSpKeyPair } from './generate-sp-key-pair';
import { getServiceProviderKeys, SP_KEYPAIR_SETTING, ServiceProviderKeyError } from './sp-keys';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const noEnv = { env: {}, baseUrl: 'https://sso.acme.test' };

describe.each(TEST_PROVIDERS)('SP key pair on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  it('is generated once, stored encrypted, and read back the same', async () => {
    const first = await getServiceProviderKeys(ctx.db, SECRET, noEnv);
    const cert = new X509Certificate(first.certificatePem);
    expect(cert.subject).toContain('CN=sso.acme.test');
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(3072);
    expect(cert.checkPrivateKey(await import('node:crypto').then((c) => c.createPrivateKey(first.privateKeyPem)))).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true); // self-signed
    expect(first.fingerprintSha256).toBe(cert.fingerprint256);
    const years = (first.notAfter.getTime() - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(9.9);
    expect(years).toBeLessThan(10.1);

    const again = await getServiceProviderKeys(ctx.db, SECRET, noEnv);
    expect(again).toEqual(first);

    const row = await ctx.db.setting.findUniqueOrThrow({ where: { key: SP_KEYPAIR_SETTING } });
    expect(row.value).not.toContain('PRIVATE KEY');
    expect(row.value).not.toContain('CERTIFICATE');
    expect(row.value).not.toContain(first.privateKeyPem.split('\n')[1]);
  });

  it('refuses a different GATEHOUSE_SECRET with a clear error', async () => {
    await getServiceProviderKeys(ctx.db, SECRET, noEnv);
    const attempt = getServiceProviderKeys(ctx.db, 'another-secret-that-is-also-long-enough-xyz', noEnv);
    await expect(attempt).rejects.toThrow(ServiceProviderKeyError);
    await expect(attempt).rejects.toThrow(/GATEHOUSE_SECRET is not the secret it was stored with/);
  });

  it('gives two concurrent first calls the same key', async () => {
    await ctx.db.setting.deleteMany({ where: { key: SP_KEYPAIR_SETTING } });
    const [a, b, c] = await Promise.all([
      getServiceProviderKeys(ctx.db, SECRET, noEnv),
      getServiceProviderKeys(ctx.db, SECRET, noEnv),
      getServiceProviderKeys(ctx.db, SECRET, noEnv),
    ]);
    expect(b?.fingerprintSha256).toBe(a?.fingerprintSha256);
    expect(c?.fingerprintSha256).toBe(a?.fingerprintSha256);
    expect(await getServiceProviderKeys(ctx.db, SECRET, noEnv)).toEqual(a);
  });
});

describe('SP key pair from the environment', () => {
  const ctx = useTestDatabase('sqlite');
  const pair = generateSpKeyPair('https://env.acme.test', { modulusLength: 2048 });
  const other = generateSpKeyPair('https://other.acme.test', { modulusLength: 2048 });

  it('is used as given (literal \\n accepted) and never stored', async () => {
    const env = {
      GATEHOUSE_SP_PRIVATE_KEY: pair.privateKeyPem.replace(/\n/g, '\\n'),
      GATEHOUSE_SP_CERTIFICATE: pair.certificatePem,
    };
    const keys = await getServiceProviderKeys(ctx.db, SECRET, { env });
    expect(keys.certificatePem).toBe(pair.certificatePem.trim());
    expect(keys.privateKeyPem).toBe(pair.privateKeyPem.trim());
    expect(await ctx.db.setting.count({ where: { key: SP_KEYPAIR_SETTING } })).toBe(0);
  });

  it('refuses a certificate that does not match the key, or half a pair', async () => {
    await expect(
      getServiceProviderKeys(ctx.db, SECRET, {
        env: { GATEHOUSE_SP_PRIVATE_KEY: pair.privateKeyPem, GATEHOUSE_SP_CERTIFICATE: other.certificatePem },
      }),
    ).rejects.toThrow(/does not match its private key/);
    await expect(getServiceProviderKeys(ctx.db, SECRET, { env: { GATEHOUSE_SP_PRIVATE_KEY: pair.privateKeyPem } })).rejects.toThrow(
      /must be set together/,
    );
    await expect(
      getServiceProviderKeys(ctx.db, SECRET, { env: { GATEHOUSE_SP_PRIVATE_KEY: 'nope', GATEHOUSE_SP_CERTIFICATE: 'nope' } }),
    ).rejects.toThrow(/not a valid PEM/);
  });
});
