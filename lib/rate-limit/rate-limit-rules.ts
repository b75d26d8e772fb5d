/**
 * The rate limits of the sign-in paths and the admin API: one rule per path and subject (the client's address, or the account it names), each a
 * number of counted events per fixed window. Read from GATEHOUSE_RATE_LIMITS by lib/env.ts; no server-only code,
 * so the environment can be validated anywhere.
 */
export type RateLimitRule = { limit: number; windowMs: number };

const MINUTE = 60_000;

/**
 * The defaults. Login start and ACS count every request (flood protection: each one signs or verifies XML and writes
 * to the database); password sign-ins, the setup link and the password link count failures only.
 */
export const DEFAULT_RATE_LIMIT_RULES = {
  'login-start.ip': { limit: 300, windowMs: MINUTE },
  'login-start.account': { limit: 30, windowMs: MINUTE },
  'acs.ip': { limit: 300, windowMs: MINUTE },
  'password.ip': { limit: 50, windowMs: 15 * MINUTE },
  'password.account': { limit: 10, windowMs: 15 * MINUTE },
  'admin.ip': { limit: 50, windowMs: 15 * MINUTE },
  'admin.account': { limit: 10, windowMs: 15 * MINUTE },
  'setup.ip': { limit: 20, windowMs: 15 * MINUTE },
  'set-password.ip': { limit: 20, windowMs: 15 * MINUTE },
  // The admin API (and the console's own calls to it): every request, per address and per caller (token or admin).
  'api.ip': { limit: 2400, windowMs: MINUTE },
  'api.caller': { limit: 1200, windowMs: MINUTE },
} as const satisfies Record<string, RateLimitRule>;

export type RateLimitRuleName = keyof typeof DEFAULT_RATE_LIMIT_RULES;

/** Every rule, `null` where it is turned off. */
export type RateLimitRules = Record<RateLimitRuleName, RateLimitRule | null>;

export type RateLimitSettings = { enabled: boolean; rules: RateLimitRules };

const RULE_NAMES = Object.keys(DEFAULT_RATE_LIMIT_RULES) as RateLimitRuleName[];
const UNIT_MS = { s: 1000, m: MINUTE, h: 60 * MINUTE } as const;
const MAX_LIMIT = 1_000_000;
const MAX_WINDOW_MS = 24 * 60 * MINUTE;

const FORMAT = 'must be `on`, `off`, or a comma-separated list of NAME=LIMIT/WINDOW or NAME=off (e.g. acs.ip=600/1m,password.account=off)';

function isRuleName(name: string): name is RateLimitRuleName {
  return (RULE_NAMES as string[]).includes(name);
}

/**
 * Reads GATEHOUSE_RATE_LIMITS: unset or `on` for the defaults, `off` for none (benchmarks), or overrides of single
 * rules (`acs.ip=600/1m`, `admin.account=off`; windows in s, m or h). Returns the problems in plain words instead.
 */
export function parseRateLimitSettings(
  value: string | undefined,
): { ok: true; settings: RateLimitSettings } | { ok: false; message: string } {
  const rules: RateLimitRules = { ...DEFAULT_RATE_LIMIT_RULES };
  const text = value?.trim().toLowerCase() ?? '';
  if (text === '' || text === 'on') return { ok: true, settings: { enabled: true, rules } };
  if (text === 'off')
    return { ok: true, settings: { enabled: false, rules: Object.fromEntries(RULE_NAMES.map((n) => [n, null])) as RateLimitRules } };
  for (const entry of text.split(',').map((part) => part.trim())) {
    const match = /^([a-z.-]+)=(?:(off)|(\d+)\/(\d+)([smh]))$/.exec(entry);
    if (!match) return { ok: false, message: `${FORMAT}; cannot read "${entry}"` };
    const [, name = '', off, limit, amount, unit] = match;
    if (!isRuleName(name)) return { ok: false, message: `has an unknown limit "${name}" (known: ${RULE_NAMES.join(', ')})` };
    if (off) {
      rules[name] = null;
      continue;
    }
    const rule = { limit: Number(limit), windowMs: Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS] };
    if (rule.limit < 1 || rule.limit > MAX_LIMIT) return { ok: false, message: `${name}: the limit must be 1 to ${MAX_LIMIT}` };
    if (rule.windowMs < 1000 || rule.windowMs > MAX_WINDOW_MS) return { ok: false, message: `${name}: the window must be 1s to 24h` };
    rules[name] = rule;
  }
  return { ok: true, settings: { enabled: true, rules } };
}
