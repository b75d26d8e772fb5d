import 'server-only';
import type { DatabaseDriver, Encrypted, Index, Records, SortOrder } from '@boxyhq/saml-jackson';
import type { Db } from '../db';
import { cleanupExpired } from './cleanup-expired';

/**
 * Jackson's key/value store on our own tables (SamlStore, SamlStoreIndex), so it runs on SQLite and
 * PostgreSQL through our Prisma client and migrations. Semantics follow Jackson's own `sql` driver
 * (dist/db/sql/sql.js): keys are `${namespace}:${key}`, index keys `${namespace}:${name}:${value}`,
 * lists are ordered by creation time (DESC unless asked), offset/limit paging capped at `pageLimit`,
 * no page tokens. Unlike that driver, expired records are invisible even before cleanup removes them.
 */
export type PrismaDriverOptions = {
  /** Jackson's default page cap (JacksonOption.db.pageLimit defaults to 50). */
  pageLimit?: number;
  /** Expired rows are swept at most this often, opportunistically after a write. 0 disables. */
  cleanupIntervalMs?: number;
  /** The clock (tests move it forward to expire records). */
  now?: () => Date;
  onCleanupError?: (error: unknown) => void;
};

export type PrismaDriver = DatabaseDriver & {
  /** Resolves when any background cleanup started by this driver has finished. */
  settle(): Promise<void>;
};

const DEFAULT_PAGE_LIMIT = 50;
const DEFAULT_CLEANUP_INTERVAL_MS = 60_000;

export function storeKey(namespace: string, key: string): string {
  return `${namespace}:${key}`;
}

export function indexKey(namespace: string, idx: Index): string {
  return `${namespace}:${idx.name}:${idx.value}`;
}

/** Jackson's normalizeOffsetAndLimit: missing/invalid offset → 0; missing, 0, invalid or too large limit → the cap. */
function normalizePage(pageOffset: number | undefined, pageLimit: number | undefined, maxLimit: number) {
  const offset = pageOffset === undefined || !Number.isFinite(Number(pageOffset)) ? 0 : Math.max(0, Number(pageOffset));
  const limit =
    pageLimit === undefined || !Number.isFinite(Number(pageLimit)) || Number(pageLimit) <= 0 || Number(pageLimit) > maxLimit
      ? maxLimit
      : Number(pageLimit);
  return { skip: offset, take: limit };
}

function toOrder(sortOrder: SortOrder | undefined): 'asc' | 'desc' {
  return sortOrder === 'ASC' ? 'asc' : 'desc';
}

type StoredValue = { value: string; iv: string | null; tag: string | null };

/** What Jackson's DB wrapper decrypts: iv/tag only when the value was encrypted. */
function toEncrypted(row: StoredValue): Encrypted {
  return row.iv && row.tag ? { value: row.value, iv: row.iv, tag: row.tag } : { value: row.value };
}

function isEncrypted(val: unknown): val is Encrypted {
  return typeof val === 'object' && val !== null && typeof (val as { value?: unknown }).value === 'string';
}

export function createPrismaDriver(db: Db, options: PrismaDriverOptions = {}): PrismaDriver {
  const maxLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;
  const cleanupIntervalMs = options.cleanupIntervalMs ?? DEFAULT_CLEANUP_INTERVAL_MS;
  const now = options.now ?? (() => new Date());
  const onCleanupError = options.onCleanupError ?? ((error: unknown) => console.error('SAML store cleanup failed', error));
  let lastCleanup = 0;
  let cleaning: Promise<void> | undefined;

  const alive = () => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: now() } }] });
  const select = { value: true, iv: true, tag: true } as const;

  // Jackson's own drivers sweep on a timer; a sweep after writes needs no timer that outlives requests.
  function maybeCleanup(): void {
    if (cleanupIntervalMs <= 0 || cleaning) return;
    const at = now().getTime();
    if (at - lastCleanup < cleanupIntervalMs) return;
    lastCleanup = at;
    cleaning = cleanupExpired(db, now())
      .then(() => undefined, onCleanupError)
      .finally(() => {
        cleaning = undefined;
      });
  }

  return {
    async get(namespace: string, key: string): Promise<Encrypted | null> {
      const row = await db.samlStore.findFirst({ where: { key: storeKey(namespace, key), ...alive() }, select });
      return row ? toEncrypted(row) : null;
    },

    async getAll(namespace, pageOffset, pageLimit, _pageToken, sortOrder): Promise<Records> {
      const { skip, take } = normalizePage(pageOffset, pageLimit, maxLimit);
      const order = toOrder(sortOrder);
      const rows = await db.samlStore.findMany({
        where: { namespace, ...alive() },
        orderBy: [{ createdAt: order }, { key: order }],
        skip,
        take,
        select,
      });
      return { data: rows.map(toEncrypted) };
    },

    async getByIndex(namespace, idx, pageOffset, pageLimit, _pageToken, sortOrder): Promise<Records> {
      const { skip, take } = normalizePage(pageOffset, pageLimit, maxLimit);
      const order = toOrder(sortOrder);
      const rows = await db.samlStore.findMany({
        where: { namespace, indexes: { some: { key: indexKey(namespace, idx) } }, ...alive() },
        orderBy: [{ createdAt: order }, { key: order }],
        skip,
        take,
        select,
      });
      return { data: rows.map(toEncrypted) };
    },

    async getCount(namespace, idx): Promise<number> {
      return db.samlStore.count({
        where: {
          namespace,
          ...(idx ? { indexes: { some: { key: indexKey(namespace, idx) } } } : {}),
          ...alive(),
        },
      });
    },

    async put(namespace: string, key: string, val: unknown, ttl: number, ...indexes: Index[]): Promise<void> {
      if (!isEncrypted(val)) throw new TypeError('SAML store values must be { value, iv?, tag? }');
      const dbKey = storeKey(namespace, key);
      const expiresAt = ttl > 0 ? new Date(now().getTime() + ttl * 1000) : null;
      const data = { namespace, value: val.value, iv: val.iv ?? null, tag: val.tag ?? null, expiresAt };
      const indexKeys = [...new Set(indexes.map((idx) => indexKey(namespace, idx)))];
      if (indexKeys.length === 0) {
        // Codes, tokens and sessions (one per sign-in) carry no indexes and fresh keys: nothing must become visible
        // together, so no transaction, and raw SQL — one cheap statement on the sign-in path. Only an overwrite
        // (the key exists) also drops the indexes the old record had.
        const at = now();
        const inserted = await db.$executeRaw`
          INSERT INTO "SamlStore" ("key", "namespace", "value", "iv", "tag", "expiresAt", "createdAt", "modifiedAt")
          VALUES (${dbKey}, ${data.namespace}, ${data.value}, ${data.iv}, ${data.tag}, ${data.expiresAt}, ${at}, ${at})
          ON CONFLICT DO NOTHING`;
        if (inserted !== 1) {
          await db.$transaction([
            db.samlStore.upsert({ where: { key: dbKey }, create: { key: dbKey, ...data }, update: data, select: { key: true } }),
            db.samlStoreIndex.deleteMany({ where: { storeKey: dbKey } }),
          ]);
        }
      } else {
        // One batch transaction: the record and exactly its new indexes become visible together. An
        // overwrite keeps createdAt (list order), as Jackson's sql driver does.
        await db.$transaction([
          db.samlStore.upsert({ where: { key: dbKey }, create: { key: dbKey, ...data }, update: data, select: { key: true } }),
          db.samlStoreIndex.deleteMany({ where: { storeKey: dbKey } }),
          db.samlStoreIndex.createMany({ data: indexKeys.map((k) => ({ key: k, storeKey: dbKey })) }),
        ]);
      }
      maybeCleanup();
    },

    async delete(namespace: string, key: string): Promise<void> {
      const dbKey = storeKey(namespace, key);
      await db.$transaction([
        db.samlStoreIndex.deleteMany({ where: { storeKey: dbKey } }),
        db.samlStore.deleteMany({ where: { key: dbKey } }),
      ]);
    },

    async deleteMany(namespace: string, keys: string[]): Promise<void> {
      if (keys.length === 0) return;
      const dbKeys = keys.map((key) => storeKey(namespace, key));
      await db.$transaction([
        db.samlStoreIndex.deleteMany({ where: { storeKey: { in: dbKeys } } }),
        db.samlStore.deleteMany({ where: { key: { in: dbKeys } } }),
      ]);
    },

    // The Prisma client belongs to the application, not to Jackson: closing Jackson leaves it open.
    async close(): Promise<void> {
      await cleaning;
    },

    getStats(): Record<string, number> {
      return {};
    },

    async settle(): Promise<void> {
      await cleaning;
    },
  };
}
