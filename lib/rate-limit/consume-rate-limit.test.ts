import { describe, expect, test } from 'vitest';
import type { Db } from '../db';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useSecondInstance, useTestDatabase } from '../testing/use-test-database';
import { consumeRateLimit, consumeRateLimits, releaseRateLimits } from './consume-rate-limit';
import { purgeExpiredRateLimits } from './purge-expired-rate-limits';

const MINUTE = 60_000;

describe.each(TEST_PROVIDERS)('rate limits on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const other = useSecondInstance(ctx);

  const row = (key: string) => ctx.db.rateLimit.findUnique({ where: { key } });

  test('counts events in a window, refuses past the limit, with the time left until the window ends', async () => {
    const key = uniqueName('rl');
    const start = new Date('2030-01-01T10:00:00.000Z');
    const at = (ms: number) => new Date(start.getTime() + ms);
    const check = { key, limit: 3, windowMs: MINUTE };

    expect(await consumeRateLimit(ctx.db, check, at(0))).toMatchObject({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    expect(await consumeRateLimit(ctx.db, check, at(1_000))).toMatchObject({ allowed: true, remaining: 1 });
    expect(await consumeRateLimit(ctx.db, check, at(2_000))).toMatchObject({ allowed: true, remaining: 0 });
    expect(await consumeRateLimit(ctx.db, check, at(20_000))).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 40, counted: [] });
    expect(await consumeRateLimit(ctx.db, check, at(59_500))).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    // Refused events are not counted; the window is fixed from its first event, whatever came later.
    expect(await row(key)).toMatchObject({ count: 3, resetAt: at(MINUTE) });

    // A new window starts at the first event after the old one ended.
    expect(await consumeRateLimit(ctx.db, check, at(MINUTE))).toMatchObject({ allowed: true, remaining: 2 });
    expect(await row(key)).toMatchObject({ count: 1, resetAt: at(2 * MINUTE) });
  });

  test('keys are independent', async () => {
    const now = new Date();
    const a = { key: uniqueName('rl-a'), limit: 1, windowMs: MINUTE };
    const b = { key: uniqueName('rl-b'), limit: 1, windowMs: MINUTE };
    expect((await consumeRateLimit(ctx.db, a, now)).allowed).toBe(true);
    expect((await consumeRateLimit(ctx.db, a, now)).allowed).toBe(false);
    expect((await consumeRateLimit(ctx.db, b, now)).allowed).toBe(true);
  });

  test('several keys in one call: allowed only when all are within their limits; a refusal spends no other key', async () => {
    const now = new Date('2030-01-01T10:00:00.000Z');
    const ip = { key: uniqueName('ip'), limit: 2, windowMs: 15 * MINUTE };
    const account = { key: uniqueName('account'), limit: 5, windowMs: MINUTE };
    const otherAccount = { key: uniqueName('account'), limit: 5, windowMs: MINUTE };

    const first = await consumeRateLimits(ctx.db, [ip, account], now);
    expect(first).toMatchObject({ allowed: true, remaining: 1, retryAfterSeconds: 0 });
    expect(first.counted.map((c) => [c.key, c.count]).sort()).toEqual(
      [
        [account.key, 1],
        [ip.key, 1],
      ].sort(),
    );
    expect((await consumeRateLimits(ctx.db, [ip, account], now)).allowed).toBe(true);

    // The address is used up: refused, with the address's window (15 minutes), and the account is not charged.
    expect(await consumeRateLimits(ctx.db, [ip, otherAccount], now)).toMatchObject({ allowed: false, retryAfterSeconds: 900 });
    expect(await row(otherAccount.key)).toMatchObject({ count: 0 });
    expect(await row(account.key)).toMatchObject({ count: 2 });
    // The same key twice counts once.
    expect((await consumeRateLimits(ctx.db, [account, account], now)).counted).toHaveLength(1);
    expect(await row(account.key)).toMatchObject({ count: 3 });
  });

  test('releaseRateLimits gives a count back, but not to a window that has been replaced since', async () => {
    const start = new Date('2030-01-01T10:00:00.000Z');
    const check = { key: uniqueName('rl'), limit: 2, windowMs: MINUTE };
    const first = await consumeRateLimit(ctx.db, check, start);
    await releaseRateLimits(ctx.db, first.counted);
    expect(await row(check.key)).toMatchObject({ count: 0 });

    const old = await consumeRateLimit(ctx.db, check, start);
    await consumeRateLimit(ctx.db, check, new Date(start.getTime() + MINUTE)); // a new window, count 1
    await releaseRateLimits(ctx.db, old.counted);
    expect(await row(check.key)).toMatchObject({ count: 1 });
  });

  test('concurrent consumes from two instances never allow more than the limit', async () => {
    const check = { key: uniqueName('rl'), limit: 10, windowMs: MINUTE };
    const instances = [ctx.db, other.db];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => consumeRateLimit(instances[i % 2] as Db, check)));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    // Shared: the other instance sees the same counter.
    expect((await consumeRateLimit(other.db, check)).allowed).toBe(false);
  });

  test('concurrent consumes of addresses and an account, from two instances: each limit holds, refusals count nothing', async () => {
    const account = { key: uniqueName('account'), limit: 5, windowMs: MINUTE };
    const ips = [0, 1, 2, 3].map(() => ({ key: uniqueName('ip'), limit: 3, windowMs: MINUTE }));
    const instances = [ctx.db, other.db];
    const results = await Promise.all(
      Array.from({ length: 32 }, (_, i) => consumeRateLimits(instances[i % 2] as Db, [ips[i % 4]!, account]).then((r) => r.allowed)),
    );
    const allowed = results.filter(Boolean).length;
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThanOrEqual(5);
    for (const [n, ip] of ips.entries()) {
      const fromIp = results.filter((ok, i) => ok && i % 4 === n).length;
      expect(fromIp).toBeLessThanOrEqual(3);
      expect(await row(ip.key)).toMatchObject({ count: fromIp });
    }
    expect(await row(account.key)).toMatchObject({ count: allowed });
  });

  test('purgeExpiredRateLimits deletes ended windows only, in batches', async () => {
    const now = new Date('2031-06-01T00:00:00.000Z');
    const before = new Date(now.getTime() - 1);
    const prefix = uniqueName('purge');
    for (let i = 0; i < 7; i++)
      await consumeRateLimit(ctx.db, { key: `${prefix}-old-${i}`, limit: 1, windowMs: 1000 }, new Date(before.getTime() - 1000));
    await consumeRateLimit(ctx.db, { key: `${prefix}-current`, limit: 1, windowMs: MINUTE }, now);
    // Other tests' rows (windows in 2030, before `now`) are purged too.
    expect(await purgeExpiredRateLimits(ctx.db, now, 3)).toBeGreaterThanOrEqual(7);
    const left = await ctx.db.rateLimit.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } });
    expect(left).toEqual([{ key: `${prefix}-current` }]);
  });
});
