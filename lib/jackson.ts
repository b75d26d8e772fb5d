import 'server-only';
import { getDb } from './db';
import { getEnv } from './env';
import { createJackson, type JacksonControllers } from './jackson/create-jackson';

const globalForJackson = globalThis as unknown as { gatehouseJackson?: Promise<JacksonControllers> };

/**
 * The one Jackson instance of the process, created on first use. Kept on globalThis so Next's dev
 * reloads reuse it; a failed start is forgotten so the next call retries.
 */
export function getJackson(): Promise<JacksonControllers> {
  if (!globalForJackson.gatehouseJackson) {
    const env = getEnv();
    const starting = createJackson({ db: getDb(), baseUrl: env.GATEHOUSE_URL, secret: env.GATEHOUSE_SECRET });
    globalForJackson.gatehouseJackson = starting;
    starting.catch(() => {
      if (globalForJackson.gatehouseJackson === starting) globalForJackson.gatehouseJackson = undefined;
    });
  }
  return globalForJackson.gatehouseJackson;
}
