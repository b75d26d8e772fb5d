import { afterAll, beforeAll, inject } from 'vitest';
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
