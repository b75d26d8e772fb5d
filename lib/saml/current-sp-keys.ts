import 'server-only';
import { getDb } from '../db';
import { getEnv } from '../env';
import { getServiceProviderKeys } from './sp-keys';

type Keys = Awaited<ReturnType<typeof getServiceProviderKeys>>;
const globalForKeys = globalThis as unknown as { gatehouseSpKeys?: Promise<Keys> };

/**
 * This instance's SP key pair, read and decrypted once per process (it changes only with a restart),
 * so a sign-in start does not read the database and decrypt the key every time.
 */
export function getCurrentServiceProviderKeys(): Promise<Keys> {
  globalForKeys.gatehouseSpKeys ??= getServiceProviderKeys(getDb(), getEnv().GATEHOUSE_SECRET).catch((error: unknown) => {
    globalForKeys.gatehouseSpKeys = undefined; // a failed read is retried at the next call
    throw error;
  });
  return globalForKeys.gatehouseSpKeys;
}
