import { afterAll, beforeAll, vi } from 'vitest';
import type { Db } from '../db';
import type { TestDatabase } from './databases';

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };

export const ROUTE_TEST_URL = 'https://sso.acme.test';
export const ROUTE_TEST_SECRET = 'route-test-secret-0123456789-0123456789';

/**
 * For a describe block testing a route module: the environment (`env`, over a public URL, a secret and this test's
 * database), a fresh module graph (so getEnv reads it) and getDb() answering this test's database. `load` imports
 * the route after that; the returned holder has its exports once the block's tests run.
 */
export function useRouteModule<T>(ctx: TestDatabase, env: Record<string, string>, load: () => Promise<T>): { route: T } {
  const holder = {} as { route: T };
  beforeAll(async () => {
    vi.stubEnv('GATEHOUSE_URL', ROUTE_TEST_URL);
    vi.stubEnv('GATEHOUSE_SECRET', ROUTE_TEST_SECRET);
    vi.stubEnv('DATABASE_URL', ctx.url);
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.resetModules();
    globalForDb.gatehouseDb = ctx.db;
    holder.route = await load();
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
    vi.unstubAllEnvs();
  });
  return holder;
}
