import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import type { Db } from '../db';
import { useTestDatabase } from '../testing/use-test-database';
import { createApiToken, revokeApiToken } from './api-tokens';
import { withAdmin, type ApiCaller } from './with-admin';

const BOOTSTRAP = 'bootstrap-token-for-the-with-admin-test-0123';
process.env.GATEHOUSE_SECRET ??= 'with-admin-test-secret-0123456789abcdef';
process.env.GATEHOUSE_API_TOKEN = BOOTSTRAP;
process.env.GATEHOUSE_RATE_LIMITS = 'api.caller=5/1m';

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };
vi.mock('./../auth/session', () => ({ getCurrentAdmin: () => Promise.resolve(null) }));

const actor = { type: 'admin', id: 'admin-1', label: 'admin@example.test' } as const;
const seen: ApiCaller[] = [];
const read = withAdmin(async (_req, { caller }) => (seen.push(caller), { ok: true }), { permission: 'read' });
const write = withAdmin(async (_req, { caller }) => (seen.push(caller), undefined), { permission: 'write' });
const context = { params: Promise.resolve({}) };

function call(handler: typeof read, method: string, authorization?: string) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return handler(new NextRequest('http://localhost/api/v1/test', { method, headers }), context);
}

describe('withAdmin with API tokens', () => {
  const ctx = useTestDatabase('sqlite');
  let readToken: string;
  let fullToken: string;
  let revokedToken: string;

  beforeAll(async () => {
    globalForDb.gatehouseDb = ctx.db;
    await ctx.db.admin.create({ data: { id: actor.id, email: actor.label, passwordHash: 'x', role: 'super_admin' } });
    readToken = (await createApiToken(ctx.db, actor, { name: 'reader', scope: 'read' })).token;
    fullToken = (await createApiToken(ctx.db, actor, { name: 'writer', scope: 'full' })).token;
    const revoked = await createApiToken(ctx.db, actor, { name: 'old', scope: 'full' });
    await revokeApiToken(ctx.db, actor, revoked.id);
    revokedToken = revoked.token;
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
  });

  it('lets a read-only token read and refuses its changes with 403', async () => {
    const ok = await call(read, 'GET', `Bearer ${readToken}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(seen.at(-1)).toMatchObject({ via: 'token', canWrite: false, actor: { type: 'api', label: expect.stringContaining('reader') } });
    const refused = await call(write, 'POST', `Bearer ${readToken}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: 'forbidden', message: 'This API token is read-only: this action needs a token with full access.' },
    });
  });

  it('lets a full token change things, without the same-origin check cookie sessions need', async () => {
    const before = seen.length;
    expect((await call(write, 'DELETE', `bearer ${fullToken}`)).status).toBe(204);
    expect(seen.length).toBe(before + 1);
    expect(seen.at(-1)).toMatchObject({ via: 'token', canWrite: true });
  });

  it('accepts the bootstrap token of GATEHOUSE_API_TOKEN with full access', async () => {
    expect((await call(write, 'PUT', `Bearer ${BOOTSTRAP}`)).status).toBe(204);
    expect(seen.at(-1)).toMatchObject({ via: 'token', canWrite: true, actor: { type: 'api', id: 'bootstrap' } });
  });

  it.each([
    ['a revoked token', () => `Bearer ${revokedToken}`, 'The API token was revoked.'],
    ['an unknown token', () => `Bearer ${fullToken}x`, 'The API token is not valid.'],
    ['another scheme', () => `Basic ${Buffer.from('a:b').toString('base64')}`, 'Send the API token as `Authorization: Bearer <token>`.'],
    ['an empty bearer', () => 'Bearer ', 'Send the API token as `Authorization: Bearer <token>`.'],
  ])('refuses %s with 401 and a WWW-Authenticate challenge, before the handler runs', async (_label, header, message) => {
    const before = seen.length;
    const res = await call(read, 'GET', header());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message } });
    expect(seen.length).toBe(before);
  });

  it('counts every request against its caller: over the limit, 429 with Retry-After; other callers go on', async () => {
    const busy = (await createApiToken(ctx.db, actor, { name: 'busy', scope: 'read' })).token;
    for (let i = 0; i < 5; i++) expect((await call(read, 'GET', `Bearer ${busy}`)).status).toBe(200);
    const before = seen.length;
    const refused = await call(read, 'GET', `Bearer ${busy}`);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many requests. Try again in 1 minute.' } });
    expect(seen.length).toBe(before);
    const other = (await createApiToken(ctx.db, actor, { name: 'other', scope: 'read' })).token;
    expect((await call(read, 'GET', `Bearer ${other}`)).status).toBe(200);
  });

  it('refuses a caller with neither a session nor a token', async () => {
    const res = await call(read, 'GET');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });
});
