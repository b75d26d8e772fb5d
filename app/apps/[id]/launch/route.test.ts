import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import type { Db } from '@/lib/db';
import { uniqueName } from '@/lib/testing/databases';
import { useTestDatabase } from '@/lib/testing/use-test-database';

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };
const session = vi.hoisted(() => ({ user: null as null | { id: string } }));

vi.mock('@/lib/auth/current-user', () => ({ getCurrentUser: () => Promise.resolve(session.user) }));

describe('GET /apps/[id]/launch', () => {
  const ctx = useTestDatabase('sqlite');
  let GET: (req: NextRequest, context: { params: Promise<{ id: string }> }) => Promise<Response>;
  const launch = (id: string) => GET(new NextRequest(`http://internal:3000/apps/${id}/launch`), { params: Promise.resolve({ id }) });

  beforeAll(async () => {
    vi.stubEnv('GATEHOUSE_URL', 'https://sso.acme.test');
    vi.stubEnv('GATEHOUSE_SECRET', 'route-test-secret-0123456789-0123456789');
    vi.stubEnv('DATABASE_URL', ctx.url);
    vi.resetModules();
    globalForDb.gatehouseDb = ctx.db;
    ({ GET } = await import('./route'));
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
    vi.unstubAllEnvs();
  });

  it('sends an anonymous visitor to sign in, then back to the launch', async () => {
    session.user = null;
    const res = await launch('app-1');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://sso.acme.test/login?returnTo=%2Fapps%2Fapp-1%2Flaunch');
  });

  it('redirects an entitled user to the launch URL and sends an unentitled one back to the portal with a code', async () => {
    const directory = await ctx.db.directory.create({ data: { name: uniqueName('dir'), type: 'local' } });
    const user = await ctx.db.user.create({ data: { directoryId: directory.id, userName: uniqueName('user') } });
    const group = await ctx.db.group.create({ data: { name: uniqueName('group') } });
    const app = await ctx.db.application.create({
      data: { name: uniqueName('app'), launchUrl: 'https://crm.example.test/start?x=1', entitlements: { create: { groupId: group.id } } },
    });
    session.user = { id: user.id };

    const refused = await launch(app.id);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('https://sso.acme.test/apps?error=not-entitled');

    await ctx.db.groupMembership.create({ data: { userId: user.id, groupId: group.id } });
    const allowed = await launch(app.id);
    expect(allowed.status).toBe(303);
    expect(allowed.headers.get('location')).toBe('https://crm.example.test/start?x=1');
    expect(allowed.headers.get('cache-control')).toBe('no-store');
  });
});
