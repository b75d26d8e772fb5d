import { describe, expect, test } from 'vitest';
import { generateTestKeyPair } from '../../../e2e/fixtures/test-keys';
import { TEST_PROVIDERS, uniqueName } from '../../testing/databases';
import { useSecondInstance, useTestDatabase } from '../../testing/use-test-database';
import { createReplayStore, purgeExpiredReplays } from './replay-store';
import { buildSignedResponse } from './testing/sign-response';
import { validateSamlResponse } from './validate-saml-response';

describe.each(TEST_PROVIDERS)('replay store on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  const other = useSecondInstance(ctx);

  const inAnHour = () => new Date(Date.now() + 3_600_000);

  test('first consume is true, the second false; other IdPs and assertions are independent', async () => {
    const store = createReplayStore(ctx.db);
    const idp = uniqueName('idp');
    const id = uniqueName('_a');
    expect(await store.consume(idp, id, inAnHour())).toBe(true);
    expect(await store.consume(idp, id, inAnHour())).toBe(false);
    expect(await store.consume(uniqueName('idp'), id, inAnHour())).toBe(true);
    expect(await store.consume(idp, uniqueName('_a'), inAnHour())).toBe(true);
  });

  test("is shared by instances: a second client sees the first one's use", async () => {
    const idp = uniqueName('idp');
    const id = uniqueName('_a');
    expect(await createReplayStore(ctx.db).consume(idp, id, inAnHour())).toBe(true);
    expect(await createReplayStore(other.db).consume(idp, id, inAnHour())).toBe(false);
  });

  test('concurrent consumes of the same assertion, from two instances: exactly one wins', async () => {
    const idp = uniqueName('idp');
    const id = uniqueName('_a');
    const stores = [createReplayStore(ctx.db), createReplayStore(other.db)];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.consume(idp, id, inAnHour())));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  test('purgeExpiredReplays removes only expired rows', async () => {
    const store = createReplayStore(ctx.db);
    const idp = uniqueName('idp');
    const now = new Date();
    await store.consume(idp, '_old', new Date(now.getTime() - 1000));
    await store.consume(idp, '_current', new Date(now.getTime() + 60_000));
    expect(await purgeExpiredReplays(ctx.db, now)).toBeGreaterThanOrEqual(1);
    const left = await ctx.db.samlAssertionReplay.findMany({ where: { idpId: idp }, select: { assertionId: true } });
    expect(left).toEqual([{ assertionId: '_current' }]);
    expect(await store.consume(idp, '_old', new Date(now.getTime() + 60_000))).toBe(true);
  });

  test('the gate with this store refuses a replayed response, also on another instance', async () => {
    const keys = generateTestKeyPair('https://idp.replay.test');
    const idpId = uniqueName('idp');
    const response = buildSignedResponse({
      keys,
      issuer: 'https://idp.replay.test',
      spEntityId: 'https://gatehouse.test/saml',
      acsUrl: 'https://gatehouse.test/acs',
      inResponseTo: '_req',
    });
    const expectations = {
      idp: { id: idpId, entityId: 'https://idp.replay.test', certificatesPem: [keys.certificatePem], allowIdpInitiated: false },
      spEntityId: 'https://gatehouse.test/saml',
      acsUrl: 'https://gatehouse.test/acs',
      inResponseTo: '_req',
    };
    const first = await validateSamlResponse({ samlResponse: response.base64 }, expectations, { replay: createReplayStore(ctx.db) });
    expect(first.ok).toBe(true);
    const second = await validateSamlResponse({ samlResponse: response.base64 }, expectations, {
      replay: createReplayStore(other.db),
    });
    expect(second.ok ? 'ok' : second.code).toBe('replay');
    const row = await ctx.db.samlAssertionReplay.findUnique({ where: { idpId_assertionId: { idpId, assertionId: response.assertionId } } });
    // NotOnOrAfter (now + 5 min) + 180 s skew.
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 7 * 60_000);
  });
});
