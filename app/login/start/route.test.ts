import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { TEST_PROVIDERS, uniqueName } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';

describe.each(TEST_PROVIDERS)('GET /login/start rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'login-start.ip=3/1m,login-start.account=2/1m' }, () => import('./route'));
  const start = (ip: string, query: Record<string, string>, headers: Record<string, string> = {}) =>
    mod.route.GET(
      new NextRequest(`http://internal:3000/login/start?${new URLSearchParams(query).toString()}`, {
        headers: { [CLIENT_IP_HEADER]: ip, ...headers },
      }),
    );

  it('refuses the address past its limit with 429, a plain message and Retry-After; other addresses go on', async () => {
    // No IdP has this domain: an allowed start is sent back to the login page with that message.
    const domain = { domain: `${uniqueName('nowhere')}.test` };
    for (let i = 0; i < 3; i++) expect((await start('203.0.113.10', domain)).status).toBe(303);

    const refused = await start('203.0.113.10', domain);
    expect(refused.status).toBe(429);
    // The window started at the first counted attempt: a little less than its length is left.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await refused.text();
    expect(page).toContain('Too many sign-in attempts. Try again in 1 minute.');
    expect(page).toContain('href="/login"');
    // What the client says about itself changes nothing: the address is the one Gatehouse's server recorded.
    expect((await start('203.0.113.10', domain, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(429);

    expect((await start('203.0.113.11', domain)).status).toBe(303);
  });

  it('refuses an email past its limit from any address; other emails and domains go on', async () => {
    const email = `${uniqueName('ada')}@nowhere.test`;
    expect((await start('203.0.113.20', { email })).status).toBe(303);
    expect((await start('203.0.113.21', { email: email.toUpperCase() })).status).toBe(303);
    expect((await start('203.0.113.22', { email })).status).toBe(429);
    // The refusal did not count against that address: it still has its 3 starts, for other emails or a domain.
    expect((await start('203.0.113.22', { email: `${uniqueName('bob')}@nowhere.test` })).status).toBe(303);
    expect((await start('203.0.113.22', { domain: 'nowhere.test' })).status).toBe(303);
    expect((await start('203.0.113.22', { domain: 'nowhere.test' })).status).toBe(303);
    expect((await start('203.0.113.22', { domain: 'nowhere.test' })).status).toBe(429);
  });
});
