import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import type { Db } from '@/lib/db';
import { uniqueName } from '@/lib/testing/databases';
import { useTestDatabase } from '@/lib/testing/use-test-database';

process.env.GATEHOUSE_SECRET ??= 'audit-route-test-secret-0123456789abcdef';
const globalForDb = globalThis as unknown as { gatehouseDb?: Db };
const session = vi.hoisted(() => ({ admin: null as null | { role: string } }));

vi.mock('@/lib/auth/session', () => ({
  getCurrentAdmin: () =>
    Promise.resolve(
      session.admin && {
        id: 'a1',
        email: 'reader@example.test',
        name: '',
        role: session.admin.role,
        actor: { type: 'admin', id: 'a1', label: 'reader@example.test' },
      },
    ),
}));

describe('GET /api/v1/audit-events', () => {
  const ctx = useTestDatabase('sqlite');
  let GET: (req: NextRequest, context: { params: Promise<Record<string, never>> }) => Promise<Response>;
  const get = (query: string) => GET(new NextRequest(`http://localhost/api/v1/audit-events?${query}`), { params: Promise.resolve({}) });

  beforeAll(async () => {
    globalForDb.gatehouseDb = ctx.db; // the route's getDb() uses this test's database
    ({ GET } = await import('./route'));
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
  });

  it('refuses anonymous callers and lets a read-only admin list, with cursor and filters', async () => {
    session.admin = null;
    expect((await get('')).status).toBe(401);

    session.admin = { role: 'read_only' };
    const tag = uniqueName('route').toLowerCase();
    await ctx.db.auditEvent.createMany({
      data: [1, 2, 3].map((i) => ({
        actorType: 'admin',
        actorLabel: `${tag}@example.test`,
        action: 'admin.create',
        outcome: i === 3 ? 'failure' : 'success',
        details: JSON.stringify({ i }),
      })),
    });
    const first = await get(`user=${tag.toUpperCase()}&limit=2&outcome=`);
    expect(first.status).toBe(200);
    const page = (await first.json()) as { data: { details: { i: number }; createdAt: string }[]; nextCursor: string | null };
    expect(page.data).toHaveLength(2);
    expect(page.data[0]?.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    expect(page.nextCursor).toEqual(expect.any(String));
    const rest = (await (await get(`user=${tag}&limit=2&cursor=${page.nextCursor ?? ''}`)).json()) as typeof page;
    expect(rest.data).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    expect([...page.data, ...rest.data].map((e) => e.details.i).sort()).toEqual([1, 2, 3]);

    const failures = (await (await get(`user=${tag}&type=admin&outcome=failure`)).json()) as typeof page;
    expect(failures.data.map((e) => e.details.i)).toEqual([3]);
  });

  it('answers invalid filters with 422 and the error model', async () => {
    session.admin = { role: 'read_only' };
    const res = await get('outcome=maybe');
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'validation_failed', message: 'outcome: The outcome is success or failure' },
    });
    const limit = await get('limit=500');
    expect(limit.status).toBe(422);
    expect(((await limit.json()) as { error: { message: string } }).error.message).toBe('limit: Use a whole number between 1 and 200');
  });
});
