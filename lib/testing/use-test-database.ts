import { afterAll, beforeAll, inject } from 'vitest';
import { createDb, type Db } from '../db';
import type { DatabaseProvider } from '../env';
import { createTestDatabase, type TestDatabase } from './databases';

/**
 * Gives a describe block its own migrated database, dropped after it:
 *   const ctx = useTestDatabase(provider); … ctx.db …
 */
export function useTestDatabase(provider: DatabaseProvider): TestDatabase {
  const holder = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(holder, await createTestDatabase(provider, inject('templates')));
  });
  afterAll(async () => {
    await holder.drop?.();
  });
  return holder;
}

/** A second client on a block's database, standing for a second Gatehouse instance: `instance.db`. */
export function useSecondInstance(ctx: TestDatabase): { db: Db } {
  const holder = {} as { db: Db };
  beforeAll(() => {
    holder.db = createDb(ctx.url);
  });
  afterAll(async () => {
    await holder.db?.$disconnect();
  });
  return holder;
}
