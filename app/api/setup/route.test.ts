import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { prepareFirstRun } from '@/lib/setup/first-run';
import { TEST_PROVIDERS } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';

describe.each(TEST_PROVIDERS)('POST /api/setup rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'setup.ip=2/15m' }, () => import('./route'));
  const post = (ip: string, body: unknown) =>
    mod.route.POST(
      new NextRequest('http://internal:3000/api/setup', {
        method: 'POST',
        headers: { [CLIENT_IP_HEADER]: ip, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const admin = { name: 'Ada', email: 'ada@example.test', password: 'ada has a long password' };

  it('counts failed setups per address: past the limit 429 rate_limited with Retry-After, even with the right link', async () => {
    const firstRun = await prepareFirstRun(ctx.db, { baseUrl: 'https://sso.acme.test' });
    const token = firstRun.state === 'setup-link' ? (new URL(firstRun.url).searchParams.get('token') ?? '') : '';
    expect(token).not.toBe('');

    expect((await post('203.0.113.50', { ...admin, token: 'guess-1' })).status).toBe(403);
    expect((await post('203.0.113.50', { ...admin, token: 'guess-2' })).status).toBe(403);
    const refused = await post('203.0.113.50', { ...admin, token });
    expect(refused.status).toBe(429);
    // The window started at the first counted attempt: a little less than its length is left.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(870);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 15 minutes.' },
    });
    expect(await ctx.db.admin.count()).toBe(0);

    // Another address is not held back by those failures.
    expect((await post('203.0.113.51', { ...admin, token })).status).toBe(201);
    expect(await ctx.db.admin.count()).toBe(1);
  });
});
