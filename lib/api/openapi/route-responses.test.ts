import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NextRequest } from 'next/server';
import { createTestIdp } from '../../../e2e/fixtures/test-idp';
import type { Db } from '../../db';
import { uniqueName } from '../../testing/databases';
import { useTestDatabase } from '../../testing/use-test-database';
import type { OpenApiDocument } from './document';
import { validateHttpResponse } from './validate-response';

/*
 * The routes that shape their answer themselves (rather than answering a lib function's result), called as Next
 * calls them, and their responses validated against the document: the JSON, CSV and XML they send.
 */

const globalForDb = globalThis as unknown as { gatehouseDb?: Db };
const session = vi.hoisted(() => ({ role: 'super_admin' }));

vi.mock('@/lib/auth/session', () => ({
  getCurrentAdmin: () =>
    Promise.resolve({
      id: 'a1',
      email: 'openapi@example.test',
      name: '',
      role: session.role,
      actor: { type: 'admin', id: 'a1', label: 'openapi@example.test' },
    }),
}));

type RouteHandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe('route responses match the OpenAPI document', () => {
  const ctx = useTestDatabase('sqlite');
  let document: OpenApiDocument;
  const origin = 'https://sso.acme.test';

  async function call(
    path: string,
    template: string,
    method: string,
    init: { params?: Record<string, string>; body?: unknown; rawBody?: string } = {},
  ) {
    const file = join(import.meta.dirname, '..', '..', '..', 'app', ...template.replace(/\{([^}]+)\}/g, '[$1]').split('/'), 'route.ts');
    const routeModule = (await import(file)) as Record<string, RouteHandler>;
    const handler = routeModule[method];
    if (!handler) throw new Error(`${template} has no ${method}`);
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    const req = new NextRequest(`${origin}${path}`, {
      method,
      headers: { origin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
    const response = await handler(req, { params: Promise.resolve(init.params ?? {}) });
    return { response, problems: await validateHttpResponse(document, method, template, response.clone()) };
  }

  beforeAll(async () => {
    vi.stubEnv('GATEHOUSE_URL', origin);
    vi.stubEnv('GATEHOUSE_SECRET', 'openapi-test-secret-0123456789-0123456789');
    vi.stubEnv('DATABASE_URL', ctx.url);
    vi.stubEnv('GATEHOUSE_SP_PRIVATE_KEY', '');
    vi.stubEnv('GATEHOUSE_SP_CERTIFICATE', '');
    vi.resetModules();
    globalForDb.gatehouseDb = ctx.db; // the routes' getDb() uses this test's database
    document = (await import('./document')).buildOpenApiDocument(origin);
  });
  afterAll(() => {
    globalForDb.gatehouseDb = undefined;
    vi.unstubAllEnvs();
  });

  it('the service provider settings and metadata', async () => {
    const info = await call('/api/v1/service-provider', '/api/v1/service-provider', 'GET');
    expect(info.response.status).toBe(200);
    expect(info.problems).toEqual([]);
    const metadata = await call('/api/v1/service-provider/metadata', '/api/v1/service-provider/metadata', 'GET');
    expect(metadata.response.status).toBe(200);
    expect(await metadata.response.text()).toContain('EntityDescriptor');
    expect(metadata.problems).toEqual([]);
  });

  it('a metadata preview, and its refusal', async () => {
    const idp = createTestIdp({ entityId: 'https://preview.idp.test/metadata', ssoUrl: 'https://preview.idp.test/sso' });
    const path = '/api/v1/identity-providers/metadata-preview';
    const preview = await call(path, path, 'POST', { body: { metadataXml: idp.metadataXml } });
    expect(preview.response.status).toBe(200);
    expect(preview.problems).toEqual([]);
    const refused = await call(path, path, 'POST', { body: { metadataXml: '<x' } });
    expect(refused.response.status).toBe(422);
    expect(refused.problems).toEqual([]);
    const both = await call(path, path, 'POST', { body: { metadataXml: idp.metadataXml, metadataUrl: 'https://x.test/m' } });
    expect(both.response.status).toBe(422);
    expect(both.problems).toEqual([]);
  });

  it('the stale-user CSV, and a bad number of days', async () => {
    const directory = await ctx.db.directory.create({ data: { name: uniqueName('Stale'), type: 'local' } });
    await ctx.db.user.create({ data: { directoryId: directory.id, userName: 'old', createdAt: new Date('2020-01-01T00:00:00Z') } });
    const template = '/api/v1/directories/{id}/stale-users.csv';
    const path = `/api/v1/directories/${directory.id}/stale-users.csv`;
    const csv = await call(`${path}?days=30`, template, 'GET', { params: { id: directory.id } });
    expect(csv.response.status).toBe(200);
    expect(await csv.response.text()).toMatch(/^userName,email,/);
    expect(csv.problems).toEqual([]);
    const bad = await call(`${path}?days=0`, template, 'GET', { params: { id: directory.id } });
    expect(bad.response.status).toBe(422);
    expect(bad.problems).toEqual([]);
  });

  it('a read-only caller refused a change, an unknown resource, a body that is not JSON', async () => {
    session.role = 'read_only';
    try {
      const refused = await call('/api/v1/groups', '/api/v1/groups', 'POST', { body: { name: 'x', rules: [] } });
      expect(refused.response.status).toBe(403);
      expect(refused.problems).toEqual([]);
    } finally {
      session.role = 'super_admin';
    }
    const missing = await call('/api/v1/groups/nope', '/api/v1/groups/{id}', 'GET', { params: { id: 'nope' } });
    expect(missing.response.status).toBe(404);
    expect(missing.problems).toEqual([]);
    const gone = await call('/api/v1/groups/nope', '/api/v1/groups/{id}', 'DELETE', { params: { id: 'nope' } });
    expect(gone.response.status).toBe(204);
    expect(gone.problems).toEqual([]);
    const notJson = await call('/api/v1/groups', '/api/v1/groups', 'POST', { rawBody: '{' });
    expect(notJson.response.status).toBe(400);
    expect(notJson.problems).toEqual([]);
  });

  it('the document itself, and a response it does not describe', async () => {
    const path = '/api/v1/openapi.json';
    const served = await call(path, path, 'GET');
    expect(served.response.status).toBe(200);
    expect(served.problems).toEqual([]);
    expect(((await served.response.json()) as OpenApiDocument).paths).toEqual(JSON.parse(JSON.stringify(document.paths)));
    const lying = new Response(JSON.stringify({ openapi: '3.0.3' }), { headers: { 'content-type': 'application/json' } });
    expect(await validateHttpResponse(document, 'GET', path, lying)).toEqual([
      "GET /api/v1/openapi.json 200: (body) must have required property 'info'",
      "GET /api/v1/openapi.json 200: (body) must have required property 'paths'",
      'GET /api/v1/openapi.json 200: /openapi must be equal to constant: "3.1.0"',
    ]);
  });
});
