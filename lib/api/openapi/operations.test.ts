import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { staleDaysSchema } from '../../directories/directory-schemas';
import { createGroupSchema } from '../../groups/group-schemas';
import { updateLocalUserSchema } from '../../users/local-user-schemas';
import { createApiTokenSchema } from '../api-tokens';
import { API_OPERATIONS, API_TAGS, HTTP_METHODS, findOperation } from './operations';
import { apiErrorSchema } from './resources';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const API_DIR = join(ROOT, 'app', 'api', 'v1');

/** `app/api/v1/groups/[id]/route.ts` → `/api/v1/groups/{id}`. */
function openApiPath(file: string): string {
  const segments = relative(join(ROOT, 'app'), file).split(sep).slice(0, -1);
  return `/${segments.map((segment) => segment.replace(/^\[(.+)\]$/, '{$1}')).join('/')}`;
}

const routeFiles = readdirSync(API_DIR, { recursive: true, encoding: 'utf8' })
  .filter((file) => file === 'route.ts' || file.endsWith(`${sep}route.ts`))
  .map((file) => join(API_DIR, file))
  .sort();

describe('the operation registry', () => {
  it('names exactly the methods the route files export, at their paths', async () => {
    expect(routeFiles.length).toBeGreaterThan(20);
    const fromFiles: string[] = [];
    for (const file of routeFiles) {
      const routeModule = (await import(file)) as Record<string, unknown>;
      const exported = [...HTTP_METHODS, 'HEAD', 'OPTIONS'].filter((method) => typeof routeModule[method] === 'function');
      expect(exported, `${file} exports no handler`).not.toEqual([]);
      for (const method of exported) fromFiles.push(`${method} ${openApiPath(file)}`);
    }
    const fromRegistry = API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(fromRegistry.toSorted()).toEqual(fromFiles.toSorted());
  });

  it('maps route folders to OpenAPI paths', () => {
    expect(openApiPath(join(API_DIR, 'directories', '[id]', 'domains', '[domain]', 'route.ts'))).toBe(
      '/api/v1/directories/{id}/domains/{domain}',
    );
    expect(openApiPath(join(API_DIR, 'directories', '[id]', 'stale-users.csv', 'route.ts'))).toBe(
      '/api/v1/directories/{id}/stale-users.csv',
    );
  });

  it('has one operation per method and path, unique operation ids and known tags', () => {
    const keys = API_OPERATIONS.map((operation) => `${operation.method} ${operation.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    const ids = API_OPERATIONS.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set<string>(API_TAGS.map((tag) => tag.name));
    for (const operation of API_OPERATIONS) expect(tags.has(operation.tag), operation.operationId).toBe(true);
    expect(findOperation('get', '/api/v1/groups/{id}')?.operationId).toBe('getGroup');
    expect(findOperation('GET', '/api/v1/nothing')).toBeUndefined();
  });

  it('declares each path parameter, and only those', () => {
    for (const operation of API_OPERATIONS) {
      const inPath = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      expect(Object.keys(operation.params?.shape ?? {}).sort(), operation.operationId).toEqual(inPath.sort());
      const described = Object.keys(operation.parameterDescriptions ?? {});
      const declared = [...Object.keys(operation.params?.shape ?? {}), ...Object.keys(operation.query?.shape ?? {})];
      for (const name of described) expect(declared, `${operation.operationId}: ${name}`).toContain(name);
    }
  });

  it('documents a success and the errors of every operation with the one error schema', () => {
    for (const operation of API_OPERATIONS) {
      const statuses = Object.keys(operation.responses).map(Number);
      expect(
        statuses.some((status) => status >= 200 && status < 300),
        operation.operationId,
      ).toBe(true);
      const always = operation.permission === 'public' ? [429, 500] : [401, 403, 429, 500];
      for (const status of always) expect(statuses, operation.operationId).toContain(status);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${operation.operationId} ${status}`).not.toBe('');
        if (Number(status) >= 400) expect(response.schema, `${operation.operationId} ${status}`).toBe(apiErrorSchema);
        else expect(response.schema, `${operation.operationId} ${status}`).not.toBe(apiErrorSchema);
      }
      // Operations that read a JSON body can answer 400 (not JSON) and 422 (invalid).
      if (operation.body) {
        expect(statuses, operation.operationId).toContain(400);
        expect(statuses, operation.operationId).toContain(422);
      }
      if (operation.query && Object.values(operation.query.shape).length > 0) expect(statuses, operation.operationId).toContain(422);
    }
  });

  it('reads: only GET is read (or public), every other method needs write', () => {
    for (const operation of API_OPERATIONS) {
      if (operation.method === 'GET') expect(['read', 'public'], operation.operationId).toContain(operation.permission);
      // Previews save nothing but parse attacker-chosen input (metadata URLs, regular expressions): write, like the routes.
      else expect(operation.permission, operation.operationId).toBe('write');
    }
  });

  it('takes request bodies as zod schemas the lib validates with', () => {
    for (const operation of API_OPERATIONS) {
      if (operation.body) expect(operation.body, operation.operationId).toBeInstanceOf(z.ZodType);
    }
    // The registry carries the handlers' very schemas, not copies of them.
    expect(findOperation('POST', '/api/v1/groups')?.body).toBe(createGroupSchema);
    expect(findOperation('PATCH', '/api/v1/users/{id}')?.body).toBe(updateLocalUserSchema);
    expect(findOperation('POST', '/api/v1/api-tokens')?.body).toBe(createApiTokenSchema);
    expect(findOperation('GET', '/api/v1/directories/{id}/stale-users.csv')?.query?.shape.days).toBe(staleDaysSchema);
  });
});
