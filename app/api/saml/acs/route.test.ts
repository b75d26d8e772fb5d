import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { TEST_PROVIDERS } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';

describe.each(TEST_PROVIDERS)('POST /api/saml/acs rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'acs.ip=3/1m' }, () => import('./route'));
  const post = (ip: string) =>
    mod.route.POST(
      new NextRequest('http://internal:3000/api/saml/acs', {
        method: 'POST',
        headers: { [CLIENT_IP_HEADER]: ip, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'RelayState=x',
      }),
    );

  it('refuses an address past its limit with 429 and Retry-After before reading the response; other addresses go on', async () => {
    // Without a SAMLResponse an allowed post is sent back to the login page with the uniform message.
    for (let i = 0; i < 3; i++) expect((await post('203.0.113.30')).status).toBe(303);
    const refused = await post('203.0.113.30');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(30);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.text()).toContain('Too many sign-in attempts. Try again in 1 minute.');
    expect((await post('203.0.113.31')).status).toBe(303);
    // One statement per post: one counter row per address.
    expect(await ctx.db.rateLimit.findUnique({ where: { key: 'acs:ip:203.0.113.30' } })).toMatchObject({ count: 3 });
  });
});
