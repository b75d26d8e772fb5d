import { describe, expect, it } from 'vitest';
import { TEST_PROVIDERS } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { checkSetupToken, completeFirstRun, prepareFirstRun } from './first-run';
import { DEFAULT_USER_ATTRIBUTES, seedDefaults } from './seed-defaults';

const baseUrl = 'http://localhost:3000';
const input = { email: 'first@example.test', name: 'First', password: 'a long enough password' };

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

describe.each(TEST_PROVIDERS)('first run on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  it('seeds the default attributes and the built-in IdP, idempotently', async () => {
    await seedDefaults(ctx.db);
    await ctx.db.userAttributeDefinition.update({ where: { name: 'email' }, data: { required: true } });
    await seedDefaults(ctx.db);
    const attributes = await ctx.db.userAttributeDefinition.findMany({ orderBy: { position: 'asc' } });
    expect(attributes.map((a) => a.name)).toEqual(DEFAULT_USER_ATTRIBUTES.map((a) => a.name));
    expect(attributes.find((a) => a.name === 'userName')?.required).toBe(true);
    expect(attributes.find((a) => a.name === 'email')?.required).toBe(true); // an admin's choice survives
    expect(await ctx.db.identityProvider.count({ where: { type: 'builtin' } })).toBe(1);
  });

  it('issues a one-time link that creates exactly one super admin, once', async () => {
    const first = await prepareFirstRun(ctx.db, { baseUrl });
    const second = await prepareFirstRun(ctx.db, { baseUrl });
    if (first.state !== 'setup-link' || second.state !== 'setup-link') throw new Error('expected setup links');
    expect(second.url).toMatch(/^http:\/\/localhost:3000\/setup\?token=[\w-]{43}$/);
    // A restart replaces the earlier unused link.
    expect(await checkSetupToken(ctx.db, tokenOf(first.url))).toBe('invalid');
    await expect(completeFirstRun(ctx.db, tokenOf(first.url), input)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await checkSetupToken(ctx.db, tokenOf(second.url))).toBe('valid');

    const token = tokenOf(second.url);
    // Two submissions at once: one wins, the other is refused.
    const results = await Promise.allSettled([
      completeFirstRun(ctx.db, token, input),
      completeFirstRun(ctx.db, token, { ...input, email: 'other@example.test' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const admins = await ctx.db.admin.findMany();
    expect(admins).toHaveLength(1);
    expect(admins[0]?.role).toBe('super_admin');
    expect(await checkSetupToken(ctx.db, token)).toBe('done');
    expect(await prepareFirstRun(ctx.db, { baseUrl })).toEqual({ state: 'ready' });
  });
});

describe.each(TEST_PROVIDERS)('first run from the environment on %s', (provider) => {
  const ctx = useTestDatabase(provider);

  it('creates the first admin from GATEHOUSE_ADMIN_EMAIL / PASSWORD', async () => {
    const result = await prepareFirstRun(ctx.db, { baseUrl, adminEmail: 'Boot@Example.test', adminPassword: 'a long enough password' });
    expect(result).toEqual({ state: 'admin-created', email: 'boot@example.test' });
    expect(await ctx.db.admin.findUniqueOrThrow({ where: { email: 'boot@example.test' } })).toMatchObject({ role: 'super_admin' });
    expect(await ctx.db.adminSetupToken.count()).toBe(0);
  });
});
