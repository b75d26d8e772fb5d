import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema, OpenApiDocument, OpenApiResponse } from './document';
import { RESPONSE_REF_PREFIX, SCHEMA_REF_PREFIX } from './refs';

/*
 * Checks HTTP responses against the OpenAPI document with a real JSON Schema 2020-12 validator (ajv), for tests:
 * the document is what clients are told, so a response that does not match it is a bug in one or the other.
 */

/** Where the document's components live for ajv: `#/components/schemas/X` becomes `<ROOT_ID>#/$defs/X`. */
const ROOT_ID = 'https://gatehouse.invalid/openapi/components.json';

type DocumentValidator = { ajv: Ajv2020; compiled: Map<string, ValidateFunction> };
const validators = new WeakMap<OpenApiDocument, DocumentValidator>();

/** A copy of a schema whose component references point into the schema ajv holds the components in. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string' && child.startsWith(SCHEMA_REF_PREFIX)
        ? `${ROOT_ID}#/$defs/${child.slice(SCHEMA_REF_PREFIX.length)}`
        : rewriteRefs(child),
    ]),
  );
}

function validatorFor(document: OpenApiDocument): DocumentValidator {
  let validator = validators.get(document);
  if (!validator) {
    // strict: unknown keywords and the like are errors, so a schema ajv would half-ignore does not pass silently.
    const ajv = new Ajv2020({ strict: true, strictTypes: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: ROOT_ID, $defs: rewriteRefs(document.components.schemas) });
    validator = { ajv, compiled: new Map() };
    validators.set(document, validator);
  }
  return validator;
}

/** Compiles one schema of the document (its `$ref`s resolved in `components.schemas`); throws when ajv cannot. */
export function compileDocumentSchema(document: OpenApiDocument, schema: JsonSchema, cacheKey?: string): ValidateFunction {
  const validator = validatorFor(document);
  const cached = cacheKey === undefined ? undefined : validator.compiled.get(cacheKey);
  if (cached) return cached;
  const compiled = validator.ajv.compile(rewriteRefs(schema) as JsonSchema);
  if (cacheKey !== undefined) validator.compiled.set(cacheKey, compiled);
  return compiled;
}

/** A response object, its `$ref` into `components.responses` resolved. */
export function resolveResponse(document: OpenApiDocument, response: OpenApiResponse | { $ref: string }): OpenApiResponse | undefined {
  if (!('$ref' in response)) return response;
  if (!response.$ref.startsWith(RESPONSE_REF_PREFIX)) return undefined;
  return document.components.responses[response.$ref.slice(RESPONSE_REF_PREFIX.length)];
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(body)';
  const params = error.params as Record<string, unknown>;
  const detail =
    error.keyword === 'additionalProperties'
      ? `: ${String(params.additionalProperty)}`
      : error.keyword === 'enum' || error.keyword === 'const'
        ? `: ${JSON.stringify(params.allowedValues ?? params.allowedValue)}`
        : '';
  return `${where} ${error.message ?? 'is invalid'}${detail}`;
}

function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

/**
 * Problems of one response against the document: the operation `method path` (an OpenAPI path template, e.g.
 * `/api/v1/groups/{id}`) must document `status`, and `body` must match its schema. `body` is the parsed JSON, or
 * the text of a non-JSON body (then pass its `contentType`), or undefined/null for none. Empty means it matches.
 */
export function validateResponse(
  document: OpenApiDocument,
  method: string,
  path: string,
  status: number,
  body: unknown,
  options: { contentType?: string } = {},
): string[] {
  const label = `${method.toUpperCase()} ${path}`;
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (!operation) return [`${label} is not in the document.`];
  const documented = operation.responses[String(status)];
  if (!documented) return [`${label} does not document status ${status} (it documents ${Object.keys(operation.responses).join(', ')}).`];
  const response = resolveResponse(document, documented);
  if (!response) return [`${label} ${status}: its response reference does not resolve.`];

  const content = response.content ?? {};
  const mediaTypes = Object.keys(content);
  if (mediaTypes.length === 0) {
    return body === undefined || body === null || body === '' ? [] : [`${label} ${status} has no body, but one was sent.`];
  }
  const mediaType = options.contentType === undefined ? mediaTypes[0] : mediaTypeOf(options.contentType);
  const media = mediaType === undefined ? undefined : content[mediaType];
  if (mediaType === undefined || !media) {
    return [`${label} ${status} is documented as ${mediaTypes.join(', ')}, not ${options.contentType ?? '(none)'}.`];
  }
  if (mediaType !== 'application/json' && typeof body !== 'string') return [`${label} ${status}: a ${mediaType} body must be text.`];

  const validate = compileDocumentSchema(document, media.schema, `${label} ${status} ${mediaType}`);
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${label} ${status}: ${describeError(error)}`);
}

/**
 * validateResponse for a fetch Response (as route handlers return it): its status, its Content-Type and its body,
 * read as JSON when it says so. Reads the body: pass a clone if the caller needs it too.
 */
export async function validateHttpResponse(document: OpenApiDocument, method: string, path: string, response: Response): Promise<string[]> {
  const contentType = response.headers.get('content-type');
  const text = await response.text();
  if (contentType === null || text === '') return validateResponse(document, method, path, response.status, text === '' ? undefined : text);
  if (mediaTypeOf(contentType) !== 'application/json')
    return validateResponse(document, method, path, response.status, text, { contentType });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${method.toUpperCase()} ${path} ${response.status}: the body is not JSON although its Content-Type says so.`];
  }
  return validateResponse(document, method, path, response.status, body, { contentType });
}
