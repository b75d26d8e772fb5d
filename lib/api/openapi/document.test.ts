import { describe, expect, it } from 'vitest';
import packageJson from '../../../package.json' with { type: 'json' };
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from './document';
import { API_OPERATIONS } from './operations';
import { compileDocumentSchema, resolveResponse, validateResponse } from './validate-response';

const document = buildOpenApiDocument('https://sso.acme.test/');

/** Every value of the document with its JSON pointer. */
function* walk(value: unknown, pointer = '#'): Generator<[string, unknown]> {
  yield [pointer, value];
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value)) yield* walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

/** Every schema that sits in an operation (parameters, bodies, responses), with where it is. */
function operationSchemas(doc: OpenApiDocument): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = [];
  for (const { path, method, operation } of operations) {
    const at = `${method.toUpperCase()} ${path}`;
    for (const parameter of operation.parameters ?? []) found.push([`${at} ${parameter.in} ${parameter.name}`, parameter.schema]);
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) found.push([`${at} body ${type}`, media.schema]);
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [type, media] of Object.entries(resolveResponse(doc, response)?.content ?? {})) {
        found.push([`${at} ${status} ${type}`, media.schema]);
      }
    }
  }
  return found;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with info, servers, tags and bearer security', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: 'Gatehouse Admin API', version: packageJson.version });
    expect(document.info.description).toContain('Authorization: Bearer <token>');
    expect(document.servers).toEqual([{ url: 'https://sso.acme.test', description: 'Gatehouse' }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    const tags = new Set(document.tags.map((tag) => tag.name));
    for (const { operation } of operations) for (const tag of operation.tags) expect(tags.has(tag), operation.operationId).toBe(true);
  });

  it('is built once: the same frozen object for the same server', () => {
    expect(buildOpenApiDocument('https://sso.acme.test')).toBe(document);
    expect(Object.isFrozen(document.paths)).toBe(true);
    expect(Object.isFrozen(document.components.schemas.Group)).toBe(true);
    const other = buildOpenApiDocument();
    expect(other.servers[0]?.url).toBe('/');
    expect(other.paths).toBe(document.paths);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(document))).toEqual(document);
  });

  it('has every operation of the registry, with its permission and security', () => {
    expect(operations).toHaveLength(API_OPERATIONS.length);
    for (const registered of API_OPERATIONS) {
      const operation = document.paths[registered.path]?.[registered.method.toLowerCase()];
      expect(operation?.operationId, `${registered.method} ${registered.path}`).toBe(registered.operationId);
      expect(operation?.['x-gatehouse-permission']).toBe(registered.permission);
      if (registered.permission === 'public') {
        expect(operation?.security).toEqual([]);
        expect(operation?.['x-gatehouse-token-scopes']).toEqual([]);
      } else {
        expect(operation?.security).toEqual([{ bearerAuth: [] }]);
        expect(operation?.['x-gatehouse-token-scopes']).toEqual(registered.permission === 'read' ? ['read', 'full'] : ['full']);
        expect(operation?.description).toContain(`**${registered.permission}** permission`);
      }
    }
  });

  it('has unique operation ids', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter as a required path parameter, and no other', () => {
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
      const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path');
      expect(declared.map((parameter) => parameter.name).sort(), operation.operationId).toEqual(inPath.sort());
      for (const parameter of declared) expect(parameter.required, `${operation.operationId} ${parameter.name}`).toBe(true);
      const names = (operation.parameters ?? []).map((parameter) => `${parameter.in} ${parameter.name}`);
      expect(new Set(names).size, operation.operationId).toBe(names.length);
    }
  });

  it('documents pagination and the required query parameters', () => {
    for (const operationId of ['listDirectories', 'listGroups', 'listGroupMembers', 'listUsers', 'listAuditEvents']) {
      const operation = operations.find((entry) => entry.operation.operationId === operationId)?.operation;
      const query = (operation?.parameters ?? []).filter((parameter) => parameter.in === 'query');
      expect(
        query.find((parameter) => parameter.name === 'cursor'),
        operationId,
      ).toMatchObject({ required: false, schema: { type: 'string' } });
      expect(
        query.find((parameter) => parameter.name === 'limit'),
        operationId,
      ).toMatchObject({
        required: false,
        schema: { type: 'integer', minimum: 1, maximum: 200 },
      });
    }
    // Required-ness and defaults come from the schemas themselves, preprocessing included.
    const stale = document.paths['/api/v1/directories/{id}/stale-users.csv']?.get;
    expect(stale?.parameters?.find((parameter) => parameter.name === 'days')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 3650, default: 90 },
    });
    const deleteDirectory = document.paths['/api/v1/directories/{id}']?.delete;
    expect(deleteDirectory?.parameters?.find((parameter) => parameter.name === 'confirmUsers')).toMatchObject({
      in: 'query',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    });
  });

  it('resolves every $ref', () => {
    const refs = [...walk(document)].filter(([pointer, value]) => pointer.endsWith('/$ref') && typeof value === 'string');
    expect(refs.length).toBeGreaterThan(100);
    for (const [pointer, ref] of refs) expect(resolvePointer(document, ref as string), `${pointer}: ${String(ref)}`).toBeDefined();
    // Only references to the document's own components: no $defs or __shared left by the conversion.
    for (const [pointer, ref] of refs) expect(ref, pointer).toMatch(/^#\/components\/(schemas|responses)\/[A-Za-z]+$/);
    expect(Object.keys(document.components.schemas).every((id) => /^[A-Za-z]+$/.test(id))).toBe(true);
  });

  it('compiles every schema with a JSON Schema 2020-12 validator', () => {
    for (const [id, schema] of Object.entries(document.components.schemas)) {
      expect(schema.$schema, id).toBeUndefined();
      expect(schema.$id, id).toBeUndefined();
      expect(() => compileDocumentSchema(document, schema), id).not.toThrow();
    }
    const schemas = operationSchemas(document);
    expect(schemas.length).toBeGreaterThan(300);
    for (const [where, schema] of schemas) expect(() => compileDocumentSchema(document, schema), where).not.toThrow();
  });

  it('gives every operation a success, and 401, 403 and 429 (public ones 429) with the shared error schema', () => {
    for (const { operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((status) => status.startsWith('2')),
        operation.operationId,
      ).toBe(true);
      const always = operation.security.length === 0 ? ['429', '500'] : ['401', '403', '429', '500'];
      for (const status of always) expect(statuses, operation.operationId).toContain(status);
      for (const status of statuses.filter((status) => Number(status) >= 400)) {
        expect(operation.responses[status], `${operation.operationId} ${status}`).toMatchObject({
          $ref: expect.stringMatching(/^#\/components\/responses\//),
        });
      }
    }
    for (const response of Object.values(document.components.responses)) {
      expect(response.content?.['application/json']?.schema).toMatchObject({ allOf: [{ $ref: '#/components/schemas/Error' }, {}] });
    }
  });

  it('converts request bodies as input and responses as output', () => {
    const createGroup = document.components.schemas.CreateGroupRequest;
    // Defaults make fields optional in what a client sends…
    expect(createGroup?.required).toEqual(['name', 'rules']);
    const rule = document.components.schemas.GroupRuleInput;
    expect(rule?.required).toEqual(['attribute', 'operator', 'value']);
    // …while a response lists every field it always has.
    expect(document.components.schemas.GroupRule?.required).toEqual(['id', 'attribute', 'operator', 'value', 'caseSensitive', 'text']);
    expect(document.paths['/api/v1/groups']?.post?.requestBody?.content['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/CreateGroupRequest',
    });
  });

  it('says which media types the non-JSON operations answer', () => {
    const csv = document.paths['/api/v1/directories/{id}/stale-users.csv']?.get?.responses['200'];
    expect(csv && 'content' in csv ? Object.keys(csv.content ?? {}) : []).toEqual(['text/csv']);
    const xml = document.paths['/api/v1/service-provider/metadata']?.get?.responses['200'];
    expect(xml && 'content' in xml ? Object.keys(xml.content ?? {}) : []).toEqual(['application/samlmetadata+xml']);
  });
});

describe('validateResponse', () => {
  const error = (code: string) => ({ error: { code, message: 'No such group.' } });

  it('accepts a documented status with a matching body', () => {
    expect(validateResponse(document, 'GET', '/api/v1/groups/{id}', 404, error('not_found'))).toEqual([]);
    expect(validateResponse(document, 'delete', '/api/v1/groups/{id}', 204, undefined)).toEqual([]);
    expect(
      validateResponse(document, 'GET', '/api/v1/directories/{id}/stale-users.csv', 200, 'userName\r\n', {
        contentType: 'text/csv; charset=utf-8',
      }),
    ).toEqual([]);
    expect(
      validateResponse(document, 'POST', '/api/v1/users', 422, {
        error: {
          code: 'validation_failed',
          message: 'email: Enter a valid email address',
          fields: { email: 'Enter a valid email address' },
        },
      }),
    ).toEqual([]);
  });

  it('refuses an unknown operation, an undocumented status, a wrong code, a body where none belongs and a wrong media type', () => {
    expect(validateResponse(document, 'GET', '/api/v1/nothing', 200, {})).toEqual(['GET /api/v1/nothing is not in the document.']);
    expect(validateResponse(document, 'GET', '/api/v1/groups/{id}', 409, error('conflict'))[0]).toMatch(/does not document status 409/);
    expect(validateResponse(document, 'GET', '/api/v1/groups/{id}', 404, error('conflict'))).toEqual([
      'GET /api/v1/groups/{id} 404: /error/code must be equal to constant: "not_found"',
    ]);
    expect(validateResponse(document, 'DELETE', '/api/v1/groups/{id}', 204, { deleted: true })).toEqual([
      'DELETE /api/v1/groups/{id} 204 has no body, but one was sent.',
    ]);
    expect(
      validateResponse(document, 'GET', '/api/v1/directories/{id}/stale-users.csv', 200, 'a', { contentType: 'application/json' })[0],
    ).toMatch(/documented as text\/csv/);
    expect(validateResponse(document, 'GET', '/api/v1/directories/{id}/stale-users.csv', 200, { a: 1 })[0]).toMatch(/must be text/);
    expect(
      validateResponse(document, 'GET', '/api/v1/groups/{id}', 404, { error: { code: 'not_found', message: 'x', stack: '…' } }),
    ).toEqual(['GET /api/v1/groups/{id} 404: /error must NOT have additional properties: stack']);
  });
});

describe('request body schemas', () => {
  const cases: [string, string, unknown, boolean][] = [
    ['POST', '/api/v1/groups', { name: 'Sales', rules: [{ attribute: 'department', operator: 'equals', value: 'Sales' }] }, true],
    ['POST', '/api/v1/groups', { name: 'Sales', rules: [] }, false],
    ['POST', '/api/v1/groups', { name: 'Sales', rules: [{ attribute: 'department', operator: 'like', value: 'S%' }] }, false],
    ['PATCH', '/api/v1/groups/{id}', { colour: 'red' }, false],
    ['POST', '/api/v1/applications', { name: 'CRM', launchUrl: 'https://crm.example.test/' }, true],
    ['POST', '/api/v1/api-tokens', { name: 'CI', scope: 'full' }, true],
    ['POST', '/api/v1/api-tokens', { name: 'CI', scope: 'admin' }, false],
    ['PUT', '/api/v1/identity-providers/{id}/jit', { enabled: true, directory: { name: 'Acme', domains: ['acme.test'] } }, true],
    ['POST', '/api/v1/user-attributes', { name: 'dept', displayName: 'Dept', extra: 1 }, false],
    ['PATCH', '/api/v1/admins/{id}', { role: 'owner' }, false],
    ['PATCH', '/api/v1/users/{id}', { status: 'suspended', firstName: null }, true],
  ];

  it('accept and refuse what the handlers’ zod schemas accept and refuse', () => {
    for (const [method, path, example, valid] of cases) {
      const body = API_OPERATIONS.find((operation) => operation.method === method && operation.path === path)?.body;
      const schema = document.paths[path]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
      if (!body || !schema) throw new Error(`${method} ${path} takes no body`);
      const label = `${method} ${path} ${JSON.stringify(example)}`;
      expect(body.safeParse(example).success, `zod: ${label}`).toBe(valid);
      expect(compileDocumentSchema(document, schema)(example), `document: ${label}`).toBe(valid);
    }
  });
});
