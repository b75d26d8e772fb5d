import { describe, expect, it } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useRouteModule } from '../testing/route-test-env';
import { useTestDatabase } from '../testing/use-test-database';

// Loaded after the environment is set, with the error model of the same module graph.
const load = async () => ({
  ...(await import('./enforce-rate-limits')),
  ...(await import('./rate-limited')),
  ...(await import('../api/errors')),
});

describe.each(TEST_PROVIDERS)('enforceRateLimits (for route wrappers) on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  describe('with rate limits on', () => {
    const mod = useRouteModule(ctx, {}, load);

    it('throws the error model’s 429 past a limit, with the seconds for Retry-After', async () => {
      const { enforceRateLimits, RateLimitedError, retryAfterHeaders, toErrorBody } = mod.route;
      const check = { key: `api:token:${uniqueName('t')}`, limit: 2, windowMs: 60_000 };
      expect((await enforceRateLimits(ctx.db, [check])).remaining).toBe(1);
      expect((await enforceRateLimits(ctx.db, [check])).remaining).toBe(0);
      const error = await enforceRateLimits(ctx.db, [check]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitedError);
      expect(toErrorBody(error)).toEqual({
        status: 429,
        body: { error: { code: 'rate_limited', message: 'Too many requests. Try again in 1 minute.' } },
      });
      expect(retryAfterHeaders(error)).toEqual({ 'Retry-After': '60' });
      expect(retryAfterHeaders(new Error('other'))).toEqual({});
    });
  });

  describe('with GATEHOUSE_RATE_LIMITS=off', () => {
    const mod = useRouteModule(ctx, { GATEHOUSE_RATE_LIMITS: 'off' }, load);

    it('counts nothing', async () => {
      const check = { key: `api:token:${uniqueName('t')}`, limit: 1, windowMs: 60_000 };
      for (let i = 0; i < 5; i++) expect((await mod.route.enforceRateLimits(ctx.db, [check])).allowed).toBe(true);
      expect(await ctx.db.rateLimit.count({ where: { key: check.key } })).toBe(0);
    });
  });
});
