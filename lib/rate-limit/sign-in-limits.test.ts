import { describe, expect, test } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { DEFAULT_RATE_LIMIT_RULES, type RateLimitRules } from './rate-limit-rules';
import { accountDigest, consumeSignInLimits, limitSignInFailures } from './sign-in-limits';

const SECRET = 'sign-in-limits-test-secret-0123456789abcdef';
const MINUTE = 60_000;

/** A new address at each call, so tests sharing a database never share a counter. */
let clients = 0;
const freshIp = () => {
  clients++;
  return `198.18.${clients >> 8}.${clients & 255}`;
};

describe.each(TEST_PROVIDERS)('sign-in limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const rules: RateLimitRules = {
    ...DEFAULT_RATE_LIMIT_RULES,
    'login-start.ip': { limit: 4, windowMs: MINUTE },
    'login-start.account': { limit: 2, windowMs: MINUTE },
    'password.ip': { limit: 3, windowMs: 15 * MINUTE },
    'password.account': { limit: 2, windowMs: 15 * MINUTE },
  };
  const options = { rules, secret: SECRET };
  // A fixed clock where a test checks the exact wait.
  const atNoon = { ...options, now: new Date('2030-01-01T12:00:00.000Z') };

  test('requests count per address and per account; a refusal names the wait and spends nobody else’s budget', async () => {
    const ip = freshIp();
    const email = `${uniqueName('u')}@acme.test`;
    const start = (subject: { ip: string; account?: string }) => consumeSignInLimits(ctx.db, 'login-start', subject, atNoon);

    expect(await start({ ip, account: email })).toEqual({ allowed: true });
    expect(await start({ ip, account: email.toUpperCase() })).toEqual({ allowed: true }); // the same account
    expect(await start({ ip, account: email })).toEqual({
      allowed: false,
      retryAfterSeconds: 60,
      message: 'Too many sign-in attempts. Try again in 1 minute.',
    });
    // Another account from this address, and this account's refusal did not count against the address.
    expect(await start({ ip, account: `${uniqueName('v')}@acme.test` })).toEqual({ allowed: true });
    expect(await start({ ip })).toEqual({ allowed: true });
    expect((await start({ ip })).allowed).toBe(false); // the address's 4
    expect(await start({ ip: freshIp() })).toEqual({ allowed: true });
  });

  test('the account is stored as an HMAC, never as the email', async () => {
    const email = `${uniqueName('private')}@acme.test`;
    await consumeSignInLimits(ctx.db, 'login-start', { ip: freshIp(), account: email }, options);
    const keys = (await ctx.db.rateLimit.findMany({ select: { key: true } })).map((row) => row.key);
    expect(keys.some((key) => key.includes(email) || key.includes(email.split('@')[0]!))).toBe(false);
    expect(keys).toContain(`login-start:account:${accountDigest(email, SECRET)}`);
    expect(accountDigest(email, SECRET)).not.toBe(accountDigest(email, `${SECRET}-other`));
  });

  test('IPv6 addresses of one /64 share a budget', async () => {
    const prefix = '2001:db8:77:1';
    for (let i = 1; i <= 4; i++)
      expect((await consumeSignInLimits(ctx.db, 'login-start', { ip: `${prefix}::${i}` }, options)).allowed).toBe(true);
    expect((await consumeSignInLimits(ctx.db, 'login-start', { ip: `${prefix}::99` }, options)).allowed).toBe(false);
  });

  test('failures only: successes give their count back; a refused attempt is not run', async () => {
    const ip = freshIp();
    const account = `${uniqueName('u')}@acme.test`;
    let runs = 0;
    const attempt = (ok: boolean, subject = { ip, account }) =>
      limitSignInFailures(
        ctx.db,
        'password',
        subject,
        async () => {
          runs++;
          return { ok };
        },
        (result) => result.ok,
        atNoon,
      );

    // Any number of successes.
    for (let i = 0; i < 5; i++) expect(await attempt(true)).toEqual({ allowed: true, result: { ok: true } });
    expect((await attempt(false)).allowed).toBe(true);
    expect((await attempt(false)).allowed).toBe(true);
    runs = 0;
    // Two failures: the account is refused, even with the right password, and the attempt is not run.
    expect(await attempt(true)).toEqual({
      allowed: false,
      retryAfterSeconds: 900,
      message: 'Too many sign-in attempts. Try again in 15 minutes.',
    });
    expect(runs).toBe(0);
    // Another account from this address still signs in (one failure left on the address) …
    expect((await attempt(true, { ip, account: `${uniqueName('v')}@acme.test` })).allowed).toBe(true);
    expect((await attempt(false, { ip, account: `${uniqueName('w')}@acme.test` })).allowed).toBe(true);
    // … until the address has its 3 failures; another address for a fresh account is untouched.
    expect((await attempt(true, { ip, account: `${uniqueName('x')}@acme.test` })).allowed).toBe(false);
    expect((await attempt(true, { ip: freshIp(), account: `${uniqueName('y')}@acme.test` })).allowed).toBe(true);
  });

  test('an attempt that throws counts as a failure and its error goes through', async () => {
    const ip = freshIp();
    const failing = () =>
      limitSignInFailures(
        ctx.db,
        'password',
        { ip },
        async () => {
          throw new Error('invalid link');
        },
        () => true,
        options,
      );
    for (let i = 0; i < 3; i++) await expect(failing()).rejects.toThrow('invalid link');
    expect(await failing()).toMatchObject({ allowed: false });
  });

  test('concurrent wrong passwords for one account, from many addresses: no more attempts run than the limit', async () => {
    const account = `${uniqueName('u')}@acme.test`;
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        limitSignInFailures(
          ctx.db,
          'password',
          { ip: freshIp(), account },
          async () => {
            runs++;
            return { ok: false };
          },
          (result) => result.ok,
          options,
        ),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(2);
    expect(runs).toBe(2);
  });

  test('rules turned off count nothing and touch no row', async () => {
    const off: RateLimitRules = { ...rules, 'acs.ip': null };
    const ip = freshIp();
    for (let i = 0; i < 500; i++)
      expect((await consumeSignInLimits(ctx.db, 'acs', { ip }, { rules: off, secret: SECRET })).allowed).toBe(true);
    expect(await ctx.db.rateLimit.count({ where: { key: `acs:ip:${ip}` } })).toBe(0);
  });
});
