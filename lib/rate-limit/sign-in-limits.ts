import 'server-only';
import { createHmac } from 'node:crypto';
import type { Db } from '../db';
import { getEnv } from '../env';
import { deriveSecretKey } from '../saml/derive-secret-key';
import { addressBucket } from './client-ip';
import { consumeRateLimits, releaseRateLimits, type RateLimitCheck } from './consume-rate-limit';
import type { RateLimitRuleName, RateLimitRules } from './rate-limit-rules';
import { tooManySignInAttempts, type RateLimitRefusal } from './rate-limited';

/** The sign-in paths with limits of their own (lib/rate-limit/rate-limit-rules.ts has one rule per path and subject). */
export type SignInPath = 'login-start' | 'acs' | 'password' | 'admin' | 'setup' | 'set-password';

/** Who a sign-in attempt is counted against: the client's address and, where the attempt names one, the account. */
export type SignInSubject = { ip: string; account?: string | null };

/** For tests: other rules, secret or clock than the environment's. */
export type SignInLimitOptions = { rules?: RateLimitRules; secret?: string; now?: Date };

export type SignInAllowed = { allowed: true };

let accountKey: { secret: string; key: Buffer } | undefined;

/** The account as typed, compared as sign-in compares emails: trimmed, NFKC, lower-case. */
function normalizeAccount(account: string): string {
  return account.trim().normalize('NFKC').toLowerCase();
}

/**
 * An account's counter key: an HMAC of the normalized email with a key derived from GATEHOUSE_SECRET (the same on
 * every instance), so the table never holds an email and its keys cannot be matched against a list of addresses.
 */
export function accountDigest(account: string, secret: string): string {
  if (accountKey?.secret !== secret) accountKey = { secret, key: deriveSecretKey(secret, 'rate-limit-account') };
  return createHmac('sha256', accountKey.key).update(normalizeAccount(account)).digest('base64url');
}

function signInChecks(path: SignInPath, subject: SignInSubject, options: SignInLimitOptions): RateLimitCheck[] {
  const rules = options.rules ?? getEnv().GATEHOUSE_RATE_LIMITS.rules;
  const checks: RateLimitCheck[] = [];
  const ipRule = rules[`${path}.ip`];
  if (ipRule) checks.push({ key: `${path}:ip:${addressBucket(subject.ip)}`, ...ipRule });
  const account = subject.account ? normalizeAccount(subject.account) : '';
  const accountRule = `${path}.account` in rules ? rules[`${path}.account` as RateLimitRuleName] : null;
  if (account && accountRule) {
    const secret = options.secret ?? getEnv().GATEHOUSE_SECRET;
    checks.push({ key: `${path}:account:${accountDigest(account, secret)}`, ...accountRule });
  }
  return checks;
}

function refusal(retryAfterSeconds: number): RateLimitRefusal {
  return { allowed: false, retryAfterSeconds, message: tooManySignInAttempts(retryAfterSeconds) };
}

/**
 * Counts one request on a path's limits (per address, and per account when one is given) in one statement: for the
 * login start and the ACS, where every request costs signing or verifying XML and database writes.
 */
export async function consumeSignInLimits(
  db: Db,
  path: SignInPath,
  subject: SignInSubject,
  options: SignInLimitOptions = {},
): Promise<SignInAllowed | RateLimitRefusal> {
  const checks = signInChecks(path, subject, options);
  if (checks.length === 0) return { allowed: true };
  const decision = await consumeRateLimits(db, checks, options.now);
  return decision.allowed ? { allowed: true } : refusal(decision.retryAfterSeconds);
}

/**
 * Runs a sign-in attempt within a path's limits on failures: a slot is taken on every counter before the attempt
 * (atomically, so concurrent attempts cannot overshoot the limit) and given back when `succeeded` says it worked, so
 * only failures (wrong passwords, invalid links; an attempt that throws) use up the budget. A refused attempt is not
 * run. The limits are checked before the attempt, so a refusal is cheap: no password is hashed, nothing is audited.
 */
export async function limitSignInFailures<T>(
  db: Db,
  path: SignInPath,
  subject: SignInSubject,
  attempt: () => Promise<T>,
  succeeded: (result: T) => boolean = () => true,
  options: SignInLimitOptions = {},
): Promise<{ allowed: true; result: T } | RateLimitRefusal> {
  const checks = signInChecks(path, subject, options);
  const decision = checks.length > 0 ? await consumeRateLimits(db, checks, options.now) : null;
  if (decision && !decision.allowed) return refusal(decision.retryAfterSeconds);
  const result = await attempt();
  if (decision && succeeded(result)) {
    // The sign-in has happened: a lost refund must not turn it into an error.
    await releaseRateLimits(db, decision.counted).catch((error: unknown) => console.error('giving back a rate-limit count failed', error));
  }
  return { allowed: true, result };
}
