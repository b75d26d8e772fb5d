import { randomBytes } from 'node:crypto';
import type { Storable } from '@boxyhq/saml-jackson';
import jacksonDb from '@boxyhq/saml-jackson/dist/db/db.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { createTestIdpMetadata } from '../saml/test-idp-metadata';
import { cleanupExpired } from './cleanup-expired';
import { createJackson, type JacksonControllers } from './create-jackson';
import { createPrismaDriver, storeKey } from './prisma-driver';

/** Jackson's own DB wrapper (dist/db/db.js): encryption, JSON, key digests — what Jackson really calls. */
type JacksonDbWrapper = { store(namespace: string, ttl?: number): Storable; close(): Promise<void> };

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

function plain(value: unknown) {
  return { value: JSON.stringify(value) };
}

function parse(record: unknown): unknown {
  return JSON.parse((record as { value: string }).value);
}

function clock(start = Date.now()) {
  let at = start;
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
}

describe.each(TEST_PROVIDERS)('Prisma driver for Jackson on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const ns = () => uniqueName('ns');

  it('puts, gets and deletes a record', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    expect(await driver.get(namespace, 'k')).toBeNull();
    await driver.put(namespace, 'k', plain({ a: 1 }), 0);
    expect(await driver.get(namespace, 'k')).toEqual({ value: '{"a":1}' });
    const row = await ctx.db.samlStore.findUniqueOrThrow({ where: { key: storeKey(namespace, 'k') } });
    expect(row).toMatchObject({ key: `${namespace}:k`, namespace, iv: null, tag: null, expiresAt: null });
    await driver.delete(namespace, 'k');
    expect(await driver.get(namespace, 'k')).toBeNull();
    await driver.delete(namespace, 'k'); // deleting what is gone is not an error
  });

  it('finds records by index and counts them', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    await driver.put(namespace, 'a', plain('a'), 0, { name: 'tenant', value: 't1' }, { name: 'product', value: 'p' });
    await driver.put(namespace, 'b', plain('b'), 0, { name: 'tenant', value: 't1' });
    await driver.put(namespace, 'c', plain('c'), 0, { name: 'tenant', value: 't2' });
    const t1 = await driver.getByIndex(namespace, { name: 'tenant', value: 't1' }, 0, 10, undefined, 'ASC');
    expect(t1.data.map(parse)).toEqual(['a', 'b']);
    expect((await driver.getByIndex(namespace, { name: 'product', value: 'p' })).data.map(parse)).toEqual(['a']);
    expect((await driver.getByIndex(namespace, { name: 'tenant', value: 'none' })).data).toEqual([]);
    expect(await driver.getCount?.(namespace, { name: 'tenant', value: 't1' })).toBe(2);
    expect(await driver.getCount?.(namespace)).toBe(3);
    const indexRows = await ctx.db.samlStoreIndex.findMany({ where: { storeKey: storeKey(namespace, 'a') } });
    expect(indexRows.map((r) => r.key).sort()).toEqual([`${namespace}:product:p`, `${namespace}:tenant:t1`]);
  });

  it('pages and sorts getAll and getByIndex by creation (DESC by default), capped at pageLimit', async () => {
    const driver = createPrismaDriver(ctx.db, { pageLimit: 3 });
    const namespace = ns();
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      await driver.put(namespace, key, plain(key), 0, { name: 'all', value: 'yes' });
    }
    const all = async (...args: [number | undefined, number | undefined, ('ASC' | 'DESC')?]) =>
      (await driver.getAll(namespace, args[0], args[1], undefined, args[2])).data.map(parse);
    expect(await all(0, 5, 'ASC')).toEqual(['a', 'b', 'c']); // 5 > pageLimit → capped
    expect(await all(undefined, undefined)).toEqual(['e', 'd', 'c']);
    expect(await all(0, 2, 'ASC')).toEqual(['a', 'b']);
    expect(await all(2, 2, 'ASC')).toEqual(['c', 'd']);
    expect(await all(4, 2, 'ASC')).toEqual(['e']);
    expect(await all(1, 2, 'DESC')).toEqual(['d', 'c']);
    expect(await all(10, 2)).toEqual([]);
    const byIndex = await driver.getByIndex(namespace, { name: 'all', value: 'yes' }, 1, 2, undefined, 'ASC');
    expect(byIndex.data.map(parse)).toEqual(['b', 'c']);
    expect(byIndex.pageToken).toBeUndefined();
    // Overwriting keeps a record's place (createdAt), as Jackson's sql driver does.
    await driver.put(namespace, 'a', plain('a2'), 0);
    expect(await all(0, 2, 'ASC')).toEqual(['a2', 'b']);
  });

  it('deletes many records with their indexes', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    for (const key of ['a', 'b', 'c']) await driver.put(namespace, key, plain(key), 0, { name: 'i', value: 'v' });
    await driver.deleteMany(namespace, ['a', 'c', 'missing']);
    await driver.deleteMany(namespace, []);
    expect((await driver.getAll(namespace)).data.map(parse)).toEqual(['b']);
    expect(await ctx.db.samlStoreIndex.count({ where: { key: `${namespace}:i:v` } })).toBe(1);
  });

  it('keeps namespaces apart', async () => {
    const driver = createPrismaDriver(ctx.db);
    const [one, two] = [ns(), ns()];
    await driver.put(one, 'k', plain(1), 0, { name: 'i', value: 'v' });
    await driver.put(two, 'k', plain(2), 0, { name: 'i', value: 'v' });
    expect(parse(await driver.get(one, 'k'))).toBe(1);
    expect(parse(await driver.get(two, 'k'))).toBe(2);
    expect((await driver.getByIndex(one, { name: 'i', value: 'v' })).data.map(parse)).toEqual([1]);
    expect(await driver.getCount?.(two)).toBe(1);
    await driver.delete(one, 'k');
    expect(parse(await driver.get(two, 'k'))).toBe(2);
  });

  it('replaces the indexes of a record it overwrites', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    await driver.put(namespace, 'k', plain('v1'), 0, { name: 'entity', value: 'old' }, { name: 'tenant', value: 't' });
    await driver.put(namespace, 'k', plain('v2'), 0, { name: 'entity', value: 'new' }, { name: 'entity', value: 'new' });
    expect((await driver.getByIndex(namespace, { name: 'entity', value: 'old' })).data).toEqual([]);
    expect((await driver.getByIndex(namespace, { name: 'tenant', value: 't' })).data).toEqual([]);
    expect((await driver.getByIndex(namespace, { name: 'entity', value: 'new' })).data.map(parse)).toEqual(['v2']);
    const rows = await ctx.db.samlStoreIndex.findMany({ where: { storeKey: storeKey(namespace, 'k') } });
    expect(rows.map((r) => r.key)).toEqual([`${namespace}:entity:new`]);
  });

  it('overwrites a record without indexes: the value changes, the old indexes go, createdAt stays', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    await driver.put(namespace, 'k', plain('v1'), 0, { name: 'entity', value: 'old' });
    const before = await ctx.db.samlStore.findUniqueOrThrow({ where: { key: storeKey(namespace, 'k') } });
    await driver.put(namespace, 'k', plain('v2'), 60);
    expect(parse(await driver.get(namespace, 'k'))).toBe('v2');
    expect((await driver.getByIndex(namespace, { name: 'entity', value: 'old' })).data).toEqual([]);
    const after = await ctx.db.samlStore.findUniqueOrThrow({ where: { key: storeKey(namespace, 'k') } });
    expect(after.createdAt).toEqual(before.createdAt);
    expect(after.expiresAt).not.toBeNull();
    // A fresh key without indexes is one insert; it reads back like any other record.
    await driver.put(namespace, 'fresh', plain('v3'), 0);
    expect(parse(await driver.get(namespace, 'fresh'))).toBe('v3');
  });

  it('round-trips values encrypted by Jackson, storing only ciphertext', async () => {
    const driver = createPrismaDriver(ctx.db);
    const key = randomBytes(32).toString('base64');
    const wrapper = (await jacksonDb.new({ db: { driver, encryptionKey: key }, logger: quiet }, true)) as JacksonDbWrapper;
    const namespace = ns();
    const store = wrapper.store(namespace);
    const secretValue = { clientSecret: 'very-secret-value', list: [1, 2] };
    await store.put('conn-1', secretValue, { name: 'tenant', value: 'acme' });
    expect(await store.get('conn-1')).toEqual(secretValue);
    expect((await store.getByIndex({ name: 'tenant', value: 'acme' })).data).toEqual([secretValue]);
    expect((await store.getAll()).data).toEqual([secretValue]);
    const [row] = await ctx.db.samlStore.findMany({ where: { namespace } });
    expect(row?.iv).toBeTruthy();
    expect(row?.tag).toBeTruthy();
    expect(row?.value).not.toContain('very-secret-value');
    // Jackson digests keys and index values before they reach the driver.
    expect(row?.key).not.toContain('conn-1');
    // Another key cannot read it.
    const other = (await jacksonDb.new(
      { db: { driver, encryptionKey: randomBytes(32).toString('base64') }, logger: quiet },
      true,
    )) as JacksonDbWrapper;
    await expect(other.store(namespace).get('conn-1')).rejects.toThrow();
    await Promise.all([wrapper.close(), other.close()]);
  });

  it('treats expired records as absent and cleans them up in batches', async () => {
    const time = clock();
    const driver = createPrismaDriver(ctx.db, { now: time.now, cleanupIntervalMs: 0 });
    const namespace = ns();
    await driver.put(namespace, 'short', plain('short'), 60, { name: 'i', value: 'v' });
    await driver.put(namespace, 'long', plain('long'), 3600, { name: 'i', value: 'v' });
    // List order is creation time (milliseconds): a later record must not share the millisecond.
    await new Promise((resolve) => setTimeout(resolve, 3));
    await driver.put(namespace, 'forever', plain('forever'), 0, { name: 'i', value: 'v' });
    expect(parse(await driver.get(namespace, 'short'))).toBe('short');
    time.advance(61_000);
    expect(await driver.get(namespace, 'short')).toBeNull();
    expect((await driver.getAll(namespace, 0, 10, undefined, 'ASC')).data.map(parse)).toEqual(['long', 'forever']);
    expect((await driver.getByIndex(namespace, { name: 'i', value: 'v' })).data.map(parse).sort()).toEqual(['forever', 'long']);
    expect(await driver.getCount?.(namespace)).toBe(2);
    expect(await driver.getCount?.(namespace, { name: 'i', value: 'v' })).toBe(2);
    // Re-putting without a TTL makes a record permanent again.
    await driver.put(namespace, 'long', plain('long'), 0, { name: 'i', value: 'v' });
    time.advance(3600_000);
    expect(parse(await driver.get(namespace, 'long'))).toBe('long');

    const deleted = await cleanupExpired(ctx.db, time.now());
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await ctx.db.samlStore.count({ where: { namespace } })).toBe(2);
    expect(await ctx.db.samlStoreIndex.count({ where: { storeKey: storeKey(namespace, 'short') } })).toBe(0);

    const many = ns();
    for (let i = 0; i < 7; i++) await driver.put(many, `k${i}`, plain(i), 1, { name: 'i', value: `${i}` });
    time.advance(2_000);
    expect(await cleanupExpired(ctx.db, time.now(), 3)).toBe(7);
    expect(await ctx.db.samlStore.count({ where: { namespace: many } })).toBe(0);
    expect(await ctx.db.samlStoreIndex.count({ where: { key: { startsWith: `${many}:` } } })).toBe(0);
  });

  it('sweeps expired records opportunistically after writes', async () => {
    const time = clock();
    const driver = createPrismaDriver(ctx.db, { now: time.now, cleanupIntervalMs: 60_000 });
    const namespace = ns();
    await driver.put(namespace, 'a', plain('a'), 1); // first write starts a sweep (nothing expired yet)
    await driver.settle();
    time.advance(30_000);
    await driver.put(namespace, 'b', plain('b'), 0); // within the interval: no sweep
    await driver.settle();
    expect(await ctx.db.samlStore.count({ where: { namespace } })).toBe(2);
    time.advance(31_000);
    await driver.put(namespace, 'c', plain('c'), 0);
    await driver.settle();
    expect((await ctx.db.samlStore.findMany({ where: { namespace }, orderBy: { key: 'asc' } })).map((r) => r.key)).toEqual([
      `${namespace}:b`,
      `${namespace}:c`,
    ]);
  });

  it('stays consistent under 50 concurrent puts, overwrites, reads and deletes of overlapping keys', async () => {
    const driver = createPrismaDriver(ctx.db);
    const namespace = ns();
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const ops: Promise<unknown>[] = [];
    for (let writer = 0; writer < 50; writer++) {
      const key = keys[writer % keys.length] ?? 'k0';
      ops.push(driver.put(namespace, key, plain({ writer }), 0, { name: 'writer', value: `${writer}` }, { name: 'shared', value: 'all' }));
      ops.push(driver.get(namespace, key));
      ops.push(driver.getByIndex(namespace, { name: 'shared', value: 'all' }));
      ops.push(driver.getCount?.(namespace) ?? Promise.resolve());
    }
    ops.push(
      driver.put(namespace, 'doomed', plain('x'), 0, { name: 'shared', value: 'all' }).then(() => driver.delete(namespace, 'doomed')),
    );
    const results = await Promise.allSettled(ops);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    expect(await driver.getCount?.(namespace)).toBe(10);
    expect(await driver.getCount?.(namespace, { name: 'shared', value: 'all' })).toBe(10);
    for (const key of keys) {
      const { writer } = parse(await driver.get(namespace, key)) as { writer: number };
      expect(keys[writer % keys.length]).toBe(key);
      // The surviving value's indexes, and only those, remain.
      const rows = await ctx.db.samlStoreIndex.findMany({ where: { storeKey: storeKey(namespace, key) } });
      expect(rows.map((r) => r.key).sort()).toEqual([`${namespace}:shared:all`, `${namespace}:writer:${writer}`].sort());
    }
  });

  describe('under a real Jackson instance', () => {
    let jackson: JacksonControllers;
    beforeAll(async () => {
      jackson = await createJackson({ db: ctx.db, baseUrl: 'https://sso.gatehouse.test', secret: 's'.repeat(40) });
    });
    afterAll(async () => {
      await jackson?.close();
    });

    it('serves many concurrent connection writes and reads', async () => {
      const tenants = Array.from({ length: 25 }, () => uniqueName('tenant'));
      const callback = 'https://sso.gatehouse.test/api/auth/callback/boxyhq-saml';
      const api = jackson.connectionAPIController;
      // The same IdP entity for many tenants is refused by Jackson ("different tenant"), so each tenant gets its own entity.
      const perTenant = tenants.map((tenant) => createTestIdpMetadata(`https://${tenant}.example.test`));
      const results = await Promise.allSettled([
        ...tenants.map((tenant, i) =>
          api.createSAMLConnection({
            tenant,
            product: 'gatehouse',
            rawMetadata: perTenant[i]?.metadataXml ?? '',
            defaultRedirectUrl: callback,
            redirectUrl: [callback],
          }),
        ),
        ...tenants.map((tenant) => api.getConnections({ tenant, product: 'gatehouse' })),
        ...tenants.slice(0, 5).map((tenant, i) =>
          api.createSAMLConnection({
            tenant,
            product: 'gatehouse',
            name: 'renamed',
            rawMetadata: perTenant[i]?.metadataXml ?? '',
            defaultRedirectUrl: callback,
            redirectUrl: [callback],
          }),
        ),
      ]);
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const found = await Promise.all(tenants.map((tenant) => api.getConnections({ tenant, product: 'gatehouse' })));
      expect(found.map((list) => list.length)).toEqual(tenants.map(() => 1));
      expect((await api.getConnectionsByProduct({ product: 'gatehouse', pageLimit: 100 })).data.length).toBeGreaterThanOrEqual(25);
      // Jackson's own uniqueness check still works through the entity ID index.
      await expect(
        api.createSAMLConnection({
          tenant: tenants[1] ?? '',
          product: 'gatehouse',
          rawMetadata: perTenant[0]?.metadataXml ?? '',
          defaultRedirectUrl: callback,
          redirectUrl: [callback],
        }),
      ).rejects.toThrow(/different tenant/);
    });
  });
});
