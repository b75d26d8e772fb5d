import { describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { DEFAULT_RATE_LIMIT_RULES } from './rate-limit-rules';

const secret = 'x'.repeat(32);
const env = (extra: Record<string, string>) => parseEnv({ GATEHOUSE_SECRET: secret, ...extra });

describe('GATEHOUSE_RATE_LIMITS', () => {
  it('defaults to the documented rules, also for an empty value or `on`', () => {
    for (const value of [undefined, '', 'on', ' ON ']) {
      const settings = parseEnv({ GATEHOUSE_SECRET: secret, GATEHOUSE_RATE_LIMITS: value }).GATEHOUSE_RATE_LIMITS;
      expect(settings).toEqual({ enabled: true, rules: DEFAULT_RATE_LIMIT_RULES });
    }
    expect(DEFAULT_RATE_LIMIT_RULES['acs.ip']).toEqual({ limit: 300, windowMs: 60_000 });
    expect(DEFAULT_RATE_LIMIT_RULES['password.account']).toEqual({ limit: 10, windowMs: 15 * 60_000 });
  });

  it('`off` turns every rule off', () => {
    const settings = env({ GATEHOUSE_RATE_LIMITS: 'off' }).GATEHOUSE_RATE_LIMITS;
    expect(settings.enabled).toBe(false);
    expect(Object.values(settings.rules).every((rule) => rule === null)).toBe(true);
  });

  it('overrides single rules, keeping the others', () => {
    const { rules } = env({
      GATEHOUSE_RATE_LIMITS: 'acs.ip=600/1m, admin.account=off,password.ip=20/30s,setup.ip=5/2h',
    }).GATEHOUSE_RATE_LIMITS;
    expect(rules['acs.ip']).toEqual({ limit: 600, windowMs: 60_000 });
    expect(rules['admin.account']).toBeNull();
    expect(rules['password.ip']).toEqual({ limit: 20, windowMs: 30_000 });
    expect(rules['setup.ip']).toEqual({ limit: 5, windowMs: 2 * 3_600_000 });
    expect(rules['login-start.ip']).toEqual(DEFAULT_RATE_LIMIT_RULES['login-start.ip']);
  });

  it('refuses what it cannot read, naming the variable and the problem', () => {
    expect(() => env({ GATEHOUSE_RATE_LIMITS: 'acs.ip=600' })).toThrow(
      /GATEHOUSE_RATE_LIMITS: must be `on`, `off`, or .*cannot read "acs.ip=600"/,
    );
    expect(() => env({ GATEHOUSE_RATE_LIMITS: 'acs=600/1m' })).toThrow(
      /GATEHOUSE_RATE_LIMITS: has an unknown limit "acs" \(known: login-start.ip/,
    );
    expect(() => env({ GATEHOUSE_RATE_LIMITS: 'acs.ip=0/1m' })).toThrow(/acs.ip: the limit must be 1 to 1000000/);
    expect(() => env({ GATEHOUSE_RATE_LIMITS: 'acs.ip=5/25h' })).toThrow(/acs.ip: the window must be 1s to 24h/);
  });
});

describe('GATEHOUSE_TRUSTED_PROXIES', () => {
  it('defaults to 0 (no proxies: the socket is the client)', () => {
    expect(env({}).GATEHOUSE_TRUSTED_PROXIES).toBe(0);
    expect(env({ GATEHOUSE_TRUSTED_PROXIES: '' }).GATEHOUSE_TRUSTED_PROXIES).toBe(0);
    expect(env({ GATEHOUSE_TRUSTED_PROXIES: '2' }).GATEHOUSE_TRUSTED_PROXIES).toBe(2);
  });

  it('must be a small whole number', () => {
    for (const value of ['-1', 'one', '1.5', '100']) {
      expect(() => env({ GATEHOUSE_TRUSTED_PROXIES: value })).toThrow(/GATEHOUSE_TRUSTED_PROXIES: must be the number of reverse proxies/);
    }
    expect(() => env({ GATEHOUSE_TRUSTED_PROXIES: '21' })).toThrow(/GATEHOUSE_TRUSTED_PROXIES: must be at most 20/);
  });
});
