import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from './env';

const secret = 'x'.repeat(32);

describe('parseEnv', () => {
  it('applies the embedded defaults', () => {
    const env = parseEnv({ GATEHOUSE_SECRET: secret });
    expect(env.DATABASE_URL).toBe('file:./data/gatehouse.db');
    expect(env.databaseProvider).toBe('sqlite');
    expect(env.GATEHOUSE_URL).toBe('http://localhost:3000');
  });

  it('selects PostgreSQL for postgresql:// and postgres:// URLs', () => {
    expect(parseEnv({ GATEHOUSE_SECRET: secret, DATABASE_URL: 'postgresql://u@127.0.0.1/db' }).databaseProvider).toBe('postgresql');
    expect(parseEnv({ GATEHOUSE_SECRET: secret, DATABASE_URL: 'postgres://u@127.0.0.1/db' }).databaseProvider).toBe('postgresql');
  });

  it('strips a trailing slash from the public URL', () => {
    expect(parseEnv({ GATEHOUSE_SECRET: secret, GATEHOUSE_URL: 'https://sso.example.com/' }).GATEHOUSE_URL).toBe('https://sso.example.com');
  });

  it('lists every problem in one readable message', () => {
    let caught: unknown;
    try {
      parseEnv({ GATEHOUSE_SECRET: 'short', DATABASE_URL: 'mysql://db', GATEHOUSE_URL: 'ftp://x' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const message = (caught as Error).message;
    expect(message).toMatch(/^Gatehouse cannot start, the environment is invalid:/);
    expect(message).toContain('GATEHOUSE_SECRET: must be at least 32 characters');
    expect(message).toContain('DATABASE_URL: must be a SQLite file: URL');
    expect(message).toContain('GATEHOUSE_URL: must be the http(s) URL');
  });

  it('requires a secret', () => {
    expect(() => parseEnv({})).toThrow(/GATEHOUSE_SECRET: is required/);
  });

  it('requires the bootstrap admin email and password together', () => {
    expect(() => parseEnv({ GATEHOUSE_SECRET: secret, GATEHOUSE_ADMIN_EMAIL: 'a@b.test' })).toThrow(
      /GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD must be set together/,
    );
    expect(() => parseEnv({ GATEHOUSE_SECRET: secret, GATEHOUSE_ADMIN_EMAIL: 'a@b.test', GATEHOUSE_ADMIN_PASSWORD: 'short' })).toThrow(
      /GATEHOUSE_ADMIN_PASSWORD: must be at least 12 characters/,
    );
    const env = parseEnv({ GATEHOUSE_SECRET: secret, GATEHOUSE_ADMIN_EMAIL: 'a@b.test', GATEHOUSE_ADMIN_PASSWORD: 'long enough pass' });
    expect(env.GATEHOUSE_ADMIN_EMAIL).toBe('a@b.test');
  });

  it('treats empty variables as unset', () => {
    expect(parseEnv({ GATEHOUSE_SECRET: secret, DATABASE_URL: '', GATEHOUSE_ADMIN_EMAIL: '' }).DATABASE_URL).toBe(
      'file:./data/gatehouse.db',
    );
  });
});
