import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/lib/db';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { SP_KEYPAIR_SETTING } from '@/lib/saml/sp-keys';

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };

describe('GET /api/saml/metadata', () => {
  const ctx = useTestDatabase('sqlite');
  let GET: () => Promise<Response>;

  beforeAll(async () => {
    vi.stubEnv('GATEHOUSE_URL', 'https://sso.acme.test');
    vi.stubEnv('GATEHOUSE_SECRET', 'route-test-secret-0123456789-0123456789');
    vi.stubEnv('DATABASE_URL', ctx.url);
    vi.stubEnv('GATEHOUSE_SP_PRIVATE_KEY', '');
    vi.stubEnv('GATEHOUSE_SP_CERTIFICATE', '');
    vi.resetModules();
    globalForDb.gatehouseDb = ctx.db; // the route's getDb() uses this test's database
    ({ GET } = await import('./route'));
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
    vi.unstubAllEnvs();
  });

  it('serves the SP metadata as a SAML metadata document', async () => {
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/samlmetadata+xml; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="gatehouse-sp-metadata.xml"');
    const xml = await res.text();
    expect(xml).toContain('entityID="https://sso.acme.test/api/saml/metadata"');
    expect(xml).toContain('Location="https://sso.acme.test/api/saml/acs"');
    // The same key on every request.
    expect(await (await GET()).text()).toBe(xml);
  });

  it('answers a failure with the error model, without details', async () => {
    await ctx.db.setting.update({ where: { key: SP_KEYPAIR_SETTING }, data: { value: '{"v":1,"iv":"AAAA","tag":"AAAA","data":"AAAA"}' } });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await GET();
    spy.mockRestore();
    expect(res.status).toBe(500);
    const body = (await res.json()) as unknown;
    expect(body).toEqual({ error: { code: 'internal', message: 'Something went wrong. The error was logged.' } });
  });
});
