import { describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { createAdmin } from '@/lib/admins/create-admin';
import { hashPassword } from '@/lib/auth/password';
import { CLIENT_IP_HEADER } from '@/lib/rate-limit/client-ip';
import { TEST_PROVIDERS, uniqueName } from '@/lib/testing/databases';
import { useRouteModule } from '@/lib/testing/route-test-env';
import { useTestDatabase } from '@/lib/testing/use-test-database';
import { createLocalUser } from '@/lib/users/create-local-user';

type CredentialsProvider = { options: { id: string; authorize: (credentials: unknown, req: unknown) => Promise<unknown> } };

/**
 * next-auth's credentials callback, reduced to what the route relies on: it runs the provider's `authorize` with the
 * credentials and the request's headers, answers 200 `{ url }` on success and 401 `{ url: …?error=MESSAGE }` with its
 * cookies when `authorize` throws (next-auth itself needs Next's request scope for its cookies).
 */
vi.mock('next-auth', () => ({
  default: async (req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }, options: { providers: unknown[] }) => {
    const [, providerId] = (await context.params).nextauth;
    const provider = (options.providers as CredentialsProvider[]).find((p) => p.options?.id === providerId);
    const form = await req.formData();
    try {
      await provider!.options.authorize(
        { email: form.get('email'), password: form.get('password') },
        { headers: Object.fromEntries(req.headers) },
      );
      return Response.json({ url: 'https://sso.acme.test/admin' });
    } catch (error) {
      return Response.json(
        { url: `https://sso.acme.test/api/auth/error?error=${encodeURIComponent((error as Error).message)}` },
        { status: 401, headers: { 'Set-Cookie': 'next-auth.csrf-token=kept; Path=/' } },
      );
    }
  },
}));

describe.each(TEST_PROVIDERS)('password sign-ins (next-auth credentials) rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const mod = useRouteModule(
    ctx,
    { GATEHOUSE_RATE_LIMITS: 'admin.ip=4/15m,admin.account=2/15m,password.ip=4/15m,password.account=2/15m' },
    () => import('./route'),
  );
  const signIn = (providerId: 'admin-password' | 'user-password', ip: string, email: string, password: string) =>
    mod.route.POST(
      new NextRequest(`http://internal:3000/api/auth/callback/${providerId}`, {
        method: 'POST',
        headers: { [CLIENT_IP_HEADER]: ip, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password, json: 'true' }).toString(),
      }),
      { params: Promise.resolve({ nextauth: ['callback', providerId] }) },
    );
  const errorOf = async (res: Response) => new URL(((await res.json()) as { url: string }).url).searchParams.get('error');

  it('admin console: failures count per account and per address; past a limit 429 with Retry-After and the message', async () => {
    const password = 'the admin password 123';
    const email = `${uniqueName('admin').toLowerCase()}@example.test`;
    await createAdmin(ctx.db, { type: 'system' }, { email, password, role: 'super_admin' });

    // Successes do not count.
    for (let i = 0; i < 3; i++) expect((await signIn('admin-password', '203.0.113.70', email, password)).status).toBe(200);
    const wrong = await signIn('admin-password', '203.0.113.70', email, 'wrong');
    expect(wrong.status).toBe(401);
    expect(await errorOf(wrong)).toBe('Invalid email or password.');
    expect((await signIn('admin-password', '203.0.113.71', email, 'wrong')).status).toBe(401);

    // The account has its 2 failures: refused from any address, even with the right password.
    const refused = await signIn('admin-password', '203.0.113.72', email, password);
    expect(refused.status).toBe(429);
    // The window started at the first counted attempt: a little less than its length is left.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(870);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(refused.headers.get('set-cookie')).toContain('next-auth.csrf-token=kept');
    const body = (await refused.json()) as { url: string; error: unknown };
    expect(body.error).toEqual({ code: 'rate_limited', message: 'Too many sign-in attempts. Try again in 15 minutes.' });
    expect(new URL(body.url).searchParams.get('error')).toBe('Too many sign-in attempts. Try again in 15 minutes.');

    // That refusal did not count against 203.0.113.72: it has all 4 failures left, for other accounts.
    for (let i = 0; i < 4; i++) {
      expect((await signIn('admin-password', '203.0.113.72', `${uniqueName('nobody')}@example.test`, 'x')).status).toBe(401);
    }
    expect((await signIn('admin-password', '203.0.113.72', `${uniqueName('nobody')}@example.test`, 'x')).status).toBe(429);
  });

  it('local users: the same, on their own counters', async () => {
    const password = 'the user password 123';
    const email = `${uniqueName('local').toLowerCase()}@example.test`;
    const user = await createLocalUser(ctx.db, { type: 'system' }, { email });
    await ctx.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });

    expect((await signIn('user-password', '203.0.113.80', email, password)).status).toBe(200);
    expect((await signIn('user-password', '203.0.113.80', email, 'wrong')).status).toBe(401);
    expect((await signIn('user-password', '203.0.113.81', email, 'wrong')).status).toBe(401);
    const refused = await signIn('user-password', '203.0.113.80', email, password);
    expect(refused.status).toBe(429);
    // The window started at the first counted attempt: a little less than its length is left.
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(870);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(await errorOf(refused)).toBe('Too many sign-in attempts. Try again in 15 minutes.');

    // Another local user from the same address is not held back.
    const other = `${uniqueName('local').toLowerCase()}@example.test`;
    const otherUser = await createLocalUser(ctx.db, { type: 'system' }, { email: other });
    await ctx.db.user.update({ where: { id: otherUser.id }, data: { passwordHash: await hashPassword(password) } });
    expect((await signIn('user-password', '203.0.113.80', other, password)).status).toBe(200);
    // The admin counters are separate: this address has no admin failures.
    expect((await signIn('admin-password', '203.0.113.80', email, 'wrong')).status).toBe(401);
  });
});
