import { z } from 'zod';
import packageJson from '../../../package.json' with { type: 'json' };
import { ERROR_STATUS, type ErrorCode } from '../errors';
import { API_OPERATIONS, API_TAGS, type ApiOperation, type ApiResponseSpec } from './operations';
import { RESPONSE_REF_PREFIX, SCHEMA_REF_PREFIX } from './refs';
import { apiErrorSchema } from './resources';
import { componentSides, openApiRegistry } from './schema-registry';

/** A JSON Schema (2020-12) as it appears in the document. */
export type JsonSchema = { [keyword: string]: unknown };

export type OpenApiParameter = { name: string; in: 'path' | 'query'; required: boolean; description?: string; schema: JsonSchema };
export type OpenApiMediaType = { schema: JsonSchema };
export type OpenApiResponse = {
  description: string;
  content?: Record<string, OpenApiMediaType>;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
};
export type OpenApiReference = { $ref: string; description?: string };
export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | OpenApiReference>;
  security: Record<string, string[]>[];
  /** read, write, or public (no credentials). */
  'x-gatehouse-permission': 'read' | 'write' | 'public';
  /** The API token scopes that may call it (empty: public, no token needed). */
  'x-gatehouse-token-scopes': ('read' | 'full')[];
};
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string }>;
  };
};

const CONVERSION = { target: 'draft-2020-12', unrepresentable: 'any', metadata: openApiRegistry } as const;

/** The error response components: one per status, each the shared Error schema with that status's code. */
const ERROR_RESPONSES: Record<number, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'The request is malformed (e.g. the body is not JSON).' },
  401: { name: 'Unauthorized', description: 'No valid credentials.' },
  403: { name: 'Forbidden', description: 'The caller may not do this.' },
  404: { name: 'NotFound', description: 'No such resource.' },
  409: { name: 'Conflict', description: 'The change conflicts with the current state.' },
  422: { name: 'ValidationFailed', description: 'The input is invalid.' },
  429: { name: 'RateLimited', description: 'Too many requests.' },
  500: { name: 'InternalError', description: 'An unexpected error.' },
};

const PERMISSION_TEXT = {
  public: 'Public: no API token or session needed.',
  read: 'Needs the **read** permission: any administrator (read-only or super admin) and API tokens of either scope (`read`, `full`).',
  write: 'Needs the **write** permission: super admins and API tokens of scope `full` only; read-only admins and `read` tokens get 403.',
} as const;

const TOKEN_SCOPES: Record<ApiOperation['permission'], ('read' | 'full')[]> = { read: ['read', 'full'], write: ['full'], public: [] };

const API_DESCRIPTION = `The admin REST API of Gatehouse: everything the console does, as JSON under \`/api/v1/\`.

## Authentication
Send an API token in the \`Authorization\` header: \`Authorization: Bearer <token>\`. Super admins create tokens under
**API Tokens** in the console (\`/admin/api-tokens\`) or with \`POST /api/v1/api-tokens\`; a token's value is shown once.
A token has a scope: \`read\` tokens may call the operations that need the read permission (\`x-gatehouse-permission: read\`),
\`full\` tokens every operation; the token set in \`GATEHOUSE_API_TOKEN\`, if any, has full scope (for automation that
runs before anyone signs in). A revoked or unknown token gets 401. The console's own session cookie is accepted too
(changes made with it must come from Gatehouse's own pages).

## Errors
Every error is \`{ "error": { "code", "message", "fields"? } }\` with one code per status: 400 \`invalid_request\`,
401 \`unauthenticated\`, 403 \`forbidden\`, 404 \`not_found\`, 409 \`conflict\`, 422 \`validation_failed\` (with \`fields\`
when input validation failed: the first problem of each field, by path), 429 \`rate_limited\`, 500 \`internal\`.

## Lists and pagination
Lists answer \`{ "data": [...], "nextCursor": string | null }\`. Paginated lists take \`cursor\` (the previous page's
\`nextCursor\`, opaque) and \`limit\` (1 to 200, default 50); \`nextCursor\` is null on the last page. Lists that are
not paginated always answer \`nextCursor: null\`.

## Values
Times are ISO 8601 strings in UTC (\`2026-01-31T09:30:00.000Z\`). Absent values are \`null\`, never left out.`;

/** The JSON Schema of one schema that has no component of its own (parameters, CSV and XML bodies). */
function inlineSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { ...CONVERSION, io }) as JsonSchema;
  // A registered schema inside would land in local $defs, out of reach of the components' $refs.
  if ('$defs' in json) throw new Error('A schema used inline holds named schemas; give it a component of its own.');
  return json;
}

/** `components.schemas`: request bodies converted as input (what a client sends), responses as output (what it gets). */
function buildComponentSchemas(): Record<string, JsonSchema> {
  const convert = (io: 'input' | 'output') =>
    z.toJSONSchema(openApiRegistry, { ...CONVERSION, io, uri: (id) => `${SCHEMA_REF_PREFIX}${id}` }).schemas as Record<string, JsonSchema>;
  const inputs = convert('input');
  const outputs = convert('output');
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, side] of [...componentSides.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const converted = (side === 'request' ? inputs : outputs)[id];
    if (!converted) throw new Error(`The schema ${id} was not converted.`);
    const { $schema: _schema, $id: _id, ...json } = converted;
    schemas[id] = json;
  }
  for (const id of Object.keys(outputs)) {
    if (!componentSides.has(id)) throw new Error(`The conversion made a schema ${id} that no component names.`);
  }
  return schemas;
}

function schemaOrRef(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = openApiRegistry.get(schema)?.id;
  return id !== undefined && componentSides.has(id) ? { $ref: `${SCHEMA_REF_PREFIX}${id}` } : inlineSchema(schema, io);
}

function buildParameters(operation: ApiOperation): OpenApiParameter[] {
  const parameters: OpenApiParameter[] = [];
  const add = (object: z.ZodObject | undefined, location: 'path' | 'query') => {
    if (!object) return;
    const json = inlineSchema(object, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, schema] of Object.entries(properties)) {
      const description = operation.parameterDescriptions?.[name];
      // Asked of the schema itself: a parameter is optional when leaving it out validates, and what that gives
      // is its default (`days` → 90). The JSON Schema cannot say so for a preprocessed field.
      const field = object.shape[name] as z.ZodType | undefined;
      const absent = field?.safeParse(undefined);
      const fallback: unknown = absent?.success ? absent.data : undefined;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || !absent?.success,
        ...(description === undefined ? {} : { description }),
        schema: ['string', 'number', 'boolean'].includes(typeof fallback) ? { ...schema, default: fallback } : schema,
      });
    }
  };
  add(operation.params, 'path');
  add(operation.query, 'query');
  return parameters;
}

function buildResponse(status: number, spec: ApiResponseSpec): OpenApiResponse | OpenApiReference {
  if (spec.schema === apiErrorSchema) {
    const component = ERROR_RESPONSES[status];
    if (!component) throw new Error(`No error response component for status ${status}.`);
    return { $ref: `${RESPONSE_REF_PREFIX}${component.name}`, description: spec.description };
  }
  if (!spec.schema) return { description: spec.description };
  return {
    description: spec.description,
    content: { [spec.contentType ?? 'application/json']: { schema: schemaOrRef(spec.schema, 'output') } },
  };
}

function buildOperation(operation: ApiOperation): OpenApiOperation {
  const parameters = buildParameters(operation);
  return {
    operationId: operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    description: `${operation.description}\n\n${PERMISSION_TEXT[operation.permission]}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true as const, content: { 'application/json': { schema: schemaOrRef(operation.body, 'input') } } } }
      : {}),
    responses: Object.fromEntries(
      Object.entries(operation.responses)
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([status, spec]) => [status, buildResponse(Number(status), spec)]),
    ),
    // An empty list overrides the document's default: no credentials.
    security: operation.permission === 'public' ? [] : [{ bearerAuth: [] }],
    'x-gatehouse-permission': operation.permission,
    'x-gatehouse-token-scopes': TOKEN_SCOPES[operation.permission],
  };
}

function buildErrorResponses(): Record<string, OpenApiResponse> {
  const codeOf = new Map(Object.entries(ERROR_STATUS).map(([code, status]) => [status as number, code as ErrorCode]));
  return Object.fromEntries(
    Object.entries(ERROR_RESPONSES).map(([status, { name, description }]) => {
      const code = codeOf.get(Number(status));
      if (!code) throw new Error(`No error code answers ${status}.`);
      const schema: JsonSchema = {
        allOf: [
          { $ref: `${SCHEMA_REF_PREFIX}Error` },
          { type: 'object', properties: { error: { type: 'object', properties: { code: { const: code } } } } },
        ],
      };
      const response: OpenApiResponse = {
        description: `${description} \`error.code\` is \`${code}\`.`,
        content: { 'application/json': { schema } },
      };
      if (status === '401') {
        response.headers = {
          'WWW-Authenticate': {
            description: 'On a request with an `Authorization` header: the Bearer challenge.',
            schema: { type: 'string' },
          },
        };
      }
      if (status === '429') {
        response.headers = {
          'Retry-After': { description: 'Seconds to wait before trying again, when known.', schema: { type: 'integer' } },
        };
      }
      return [name, response];
    }),
  );
}

type BaseDocument = Omit<OpenApiDocument, 'servers'>;

function buildBase(): BaseDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const operation of API_OPERATIONS) {
    const item = (paths[operation.path] ??= {});
    const method = operation.method.toLowerCase();
    if (item[method]) throw new Error(`Two operations are ${operation.method} ${operation.path}.`);
    item[method] = buildOperation(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Gatehouse Admin API', version: packageJson.version, description: API_DESCRIPTION },
    tags: API_TAGS.map(({ name, description }) => ({ name, description })),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: buildComponentSchemas(),
      responses: buildErrorResponses(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'opaque',
          description: 'An API token (Console → API Tokens). Scope `read`: read operations only; scope `full`: every operation.',
        },
      },
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let base: BaseDocument | undefined;
const byServer = new Map<string, OpenApiDocument>();
const MAX_CACHED_SERVERS = 16;

/**
 * The OpenAPI 3.1 description of the admin API, from the operation registry and its zod schemas. Built once
 * (the schemas do not change while the process runs) and frozen: callers share it. `baseUrl` (e.g. GATEHOUSE_URL)
 * is the server the paths are relative to; without it, the document's own origin.
 */
export function buildOpenApiDocument(baseUrl?: string): OpenApiDocument {
  const server = baseUrl === undefined ? '/' : baseUrl.replace(/\/+$/, '') || '/';
  const cached = byServer.get(server);
  if (cached) return cached;
  base ??= deepFreeze(buildBase());
  const document = deepFreeze<OpenApiDocument>({
    openapi: base.openapi,
    info: base.info,
    servers: [{ url: server, description: baseUrl === undefined ? 'This Gatehouse' : 'Gatehouse' }],
    tags: base.tags,
    security: base.security,
    paths: base.paths,
    components: base.components,
  });
  // A handful of servers at most in practice; bounded all the same, whatever a caller passes.
  if (byServer.size >= MAX_CACHED_SERVERS) byServer.delete(byServer.keys().next().value ?? '');
  byServer.set(server, document);
  return document;
}
