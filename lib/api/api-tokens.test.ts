import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_PROVIDERS, uniqueName } from '../testing/databases';
import { useTestDatabase } from '../testing/use-test-database';
import { deleteAdmin, updateAdminRole } from '../admins/manage-admins';
import { authenticateApiToken, BOOTSTRAP_TOKEN_ACTOR, createApiToken, listApiTokens, revokeApiToken } from './api-tokens';

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;
const BOOTSTRAP = 'b'.repeat(40);

describe.each(TEST_PROVIDERS)('API tokens on %s', (provider) => {
  const ctx = useTestDatabase(provider);
  beforeAll(async () => {
    await ctx.db.admin.create({ data: { id: actor.id, email: actor.label, passwordHash: 'x', role: 'super_admin' } });
  });

  it('are shown once and stored only as a hash, with a recognisable prefix', async () => {
    const created = await createApiToken(ctx.db, actor, { name: ' Terraform ', scope: 'read' });
    expect(created.token).toMatch(/^gh_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      name: 'Terraform',
      scope: 'read',
      prefix: created.token.slice(0, 9),
      revokedAt: null,
      createdBy: { id: actor.id, email: actor.label },
    });
    const row = await ctx.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const listed = (await listApiTokens(ctx.db)).find((t) => t.id === created.id);
    expect(listed).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(9));
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'api_token.create', targetId: created.id } });
    expect(audit.details).not.toContain(created.token.slice(9));
  });

  it('refuses invalid input with field errors', async () => {
    await expect(createApiToken(ctx.db, actor, { name: '', scope: 'read' })).rejects.toMatchObject({ name: 'ZodError' });
    await expect(createApiToken(ctx.db, actor, { name: 'x', scope: 'admin' })).rejects.toMatchObject({ name: 'ZodError' });
  });

  it('authenticate with their scope, record the last use at most once a minute, and stop at once when revoked', async () => {
    const full = await createApiToken(ctx.db, actor, { name: uniqueName('ci'), scope: 'full' });
    const caller = await authenticateApiToken(ctx.db, full.token, undefined);
    expect(caller.scope).toBe('full');
    expect(caller.actor).toMatchObject({ type: 'api', id: full.id });
    const firstUse = (await ctx.db.apiToken.findUniqueOrThrow({ where: { id: full.id } })).lastUsedAt;
    expect(firstUse).toBeInstanceOf(Date);
    await authenticateApiToken(ctx.db, full.token, undefined);
    expect((await ctx.db.apiToken.findUniqueOrThrow({ where: { id: full.id } })).lastUsedAt).toEqual(firstUse);

    await revokeApiToken(ctx.db, actor, full.id);
    await expect(authenticateApiToken(ctx.db, full.token, undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
    const revokedAt = (await ctx.db.apiToken.findUniqueOrThrow({ where: { id: full.id } })).revokedAt;
    await revokeApiToken(ctx.db, actor, full.id); // idempotent: the first revocation stands, one audit event
    await revokeApiToken(ctx.db, actor, 'no-such-token');
    expect((await ctx.db.apiToken.findUniqueOrThrow({ where: { id: full.id } })).revokedAt).toEqual(revokedAt);
    expect(await ctx.db.auditEvent.count({ where: { action: 'api_token.revoke', targetId: full.id } })).toBe(1);
  });

  it('can do no more than the admin who created them: read-only while they are, revoked when they are removed', async () => {
    const creator = await ctx.db.admin.create({
      data: { email: `${uniqueName('creator')}@example.test`, passwordHash: 'x', role: 'super_admin' },
    });
    const creatorActor = { type: 'admin', id: creator.id, label: creator.email } as const;
    const full = await createApiToken(ctx.db, creatorActor, { name: uniqueName('theirs'), scope: 'full' });
    const others = await createApiToken(ctx.db, actor, { name: uniqueName('others'), scope: 'full' });
    expect((await authenticateApiToken(ctx.db, full.token, undefined)).scope).toBe('full');
    await updateAdminRole(ctx.db, actor, creator.id, { role: 'read_only' });
    expect((await authenticateApiToken(ctx.db, full.token, undefined)).scope).toBe('read');
    await updateAdminRole(ctx.db, actor, creator.id, { role: 'super_admin' });
    expect((await authenticateApiToken(ctx.db, full.token, undefined)).scope).toBe('full');

    await deleteAdmin(ctx.db, actor, creator.id);
    await expect(authenticateApiToken(ctx.db, full.token, undefined)).rejects.toThrow('The API token was revoked.');
    expect((await authenticateApiToken(ctx.db, others.token, undefined)).scope).toBe('full');
    const audit = await ctx.db.auditEvent.findFirstOrThrow({ where: { action: 'admin.delete', targetId: creator.id } });
    expect(JSON.parse(audit.details ?? '{}')).toMatchObject({ tokensRevoked: 1 });
  });

  it('refuses unknown tokens, and accepts the bootstrap token only when one is configured', async () => {
    await expect(authenticateApiToken(ctx.db, 'gh_notarealtoken', undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(authenticateApiToken(ctx.db, BOOTSTRAP, undefined)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(authenticateApiToken(ctx.db, `${BOOTSTRAP}x`, BOOTSTRAP)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(authenticateApiToken(ctx.db, BOOTSTRAP, BOOTSTRAP)).resolves.toEqual({ scope: 'full', actor: BOOTSTRAP_TOKEN_ACTOR });
  });
});
