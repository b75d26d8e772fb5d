import { z } from 'zod';
import { parseRateLimitSettings } from './rate-limit/rate-limit-rules';

/** The database a DATABASE_URL points at: SQLite (embedded default) or PostgreSQL (scale-out). */
export type DatabaseProvider = 'sqlite' | 'postgresql';

export const DEFAULT_DATABASE_URL = 'file:./data/gatehouse.db';

export function databaseProvider(url: string): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgresql' : 'sqlite';
}

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .preprocess(emptyAsUndefined, z.string().default(DEFAULT_DATABASE_URL))
    .refine((url) => url.startsWith('file:') || databaseProvider(url) === 'postgresql', {
      message: 'must be a SQLite file: URL (e.g. file:./data/gatehouse.db) or a postgresql:// URL',
    }),
  GATEHOUSE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be the http(s) URL users reach Gatehouse at, e.g. https://sso.example.com' })
      .default('http://localhost:3000')
      .transform((url) => url.replace(/\/+$/, '')),
  ),
  GATEHOUSE_SECRET: z
    .string({ error: 'is required (32+ random characters; generate one with `openssl rand -base64 32`)' })
    .min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)'),
  GATEHOUSE_ADMIN_EMAIL: z.preprocess(emptyAsUndefined, z.email({ error: 'must be an email address' }).optional()),
  GATEHOUSE_ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(12, 'must be at least 12 characters').optional()),
  // How many reverse proxies (load balancers) in front of Gatehouse append to X-Forwarded-For; 0: none, use the socket.
  GATEHOUSE_TRUSTED_PROXIES: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\d{1,2}$/, 'must be the number of reverse proxies in front of Gatehouse (0 to 20), e.g. 1 behind one load balancer')
      .transform(Number)
      .pipe(z.number().max(20, 'must be at most 20'))
      .default(0),
  ),
  GATEHOUSE_RATE_LIMITS: z.preprocess(emptyAsUndefined, z.string().optional()).transform((value, ctx) => {
    const parsed = parseRateLimitSettings(value);
    if (parsed.ok) return parsed.settings;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }),
  GATEHOUSE_API_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 32`)')
      .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')
      .optional(),
  ),
});

export type Env = z.infer<typeof envSchema> & { databaseProvider: DatabaseProvider };

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Validates an environment; throws an EnvError that lists every problem in plain words. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new EnvError(`Gatehouse cannot start, the environment is invalid:\n${lines.join('\n')}`);
  }
  const env = result.data;
  if (Boolean(env.GATEHOUSE_ADMIN_EMAIL) !== Boolean(env.GATEHOUSE_ADMIN_PASSWORD)) {
    throw new EnvError(
      'Gatehouse cannot start, the environment is invalid:\n  GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD must be set together',
    );
  }
  return { ...env, databaseProvider: databaseProvider(env.DATABASE_URL) };
}

let cached: Env | undefined;

/** The validated environment of this process (validated once, on first use). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
