import { describe, expect, it } from 'vitest';
import { NextRequest } from 'next/server';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { TEST_PROVIDERS, uniqueName } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createLocalUser } from '@/lib/users/create-local-user';
import { createPasswordSetupLink } from '@/lib/users/create-password-setup-link';

describe.each(TEST_PROVIDERS)('POST /set-password/complete rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'set-password.ip=2/15m' }, () => import('./route'));
  const post = (ip: string, body: unknown) =>
    mod.route.POST(
      new NextRequest('http://internal:3000/set-password/complete', {
        method: 'POST',
        headers: { [CLIENT_IP_HEADER]: ip, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  const wrong = { token: 'not-a-real-token', password: 'a long enough password' };

  it('counts failed links per address: past the limit 429 rate_limited with Retry-After; a used link does not count', async () => {
    const user = await createLocalUser(ctx.db, { type: 'system' }, { email: `${uniqueName('local').toLowerCase()}@example.test` });
    const { url } = await createPasswordSetupLink(ctx.db, { type: 'system' }, user.id, 'https://sso.acme.test');
    const token = new URL(url).searchParams.get('token') ?? '';

    expect((await post('203.0.113.40', wrong)).status).toBe(400);
    // A link that works is not a failure …
    expect((await post('203.0.113.40', { token, password: 'a long enough password' })).status).toBe(204);
    // … so one more failure is allowed before the refusal.
    expect((await post('203.0.113.40', wrong)).status).toBe(400);
    const refused = await post('203.0.113.40', { token, password: 'a long enough password' });
    expect(refused.status).toBe(429);
    // The window started at the first counted attempt: a little less than its length is left.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(870);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 15 minutes.' },
    });

    const elsewhere = await post('203.0.113.41', wrong);
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});
