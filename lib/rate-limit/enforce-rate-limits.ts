import type { Db } from '../db';
import { getEnv } from '../env';
import { consumeRateLimits, type RateLimitCheck, type RateLimitDecision } from './consume-rate-limit';
import { RateLimitedError } from './rate-limited';

/**
 * For route wrappers (e.g. the admin API's): counts one request on every counter (one statement) and throws a
 * RateLimitedError — the error model's 429 `rate_limited`, with `retryAfterSeconds` for the Retry-After header
 * (`retryAfterHeaders`) — when any of them is over its limit. Keys are the caller's (prefix them with what they
 * count, e.g. `api:token:ID`; hash anything personal). With GATEHOUSE_RATE_LIMITS=off it counts nothing.
 */
export async function enforceRateLimits(db: Db, checks: RateLimitCheck[]): Promise<RateLimitDecision> {
  if (!getEnv().GATEHOUSE_RATE_LIMITS.enabled) {
    return { allowed: true, remaining: Number.POSITIVE_INFINITY, retryAfterSeconds: 0, counted: [] };
  }
  const decision = await consumeRateLimits(db, checks);
  if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds);
  return decision;
}
