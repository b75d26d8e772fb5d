import type { OpenApiDocument, OpenApiOperation } from '../../lib/api/openapi/document';
import { RESPONSE_REF_PREFIX } from '../../lib/api/openapi/refs';

export type ShownResponse = {
  description: string;
  mediaType?: string;
  schema?: Record<string, unknown>;
  /** For an error: its `error.code`. */
  code?: string;
};

/** An operation's response as the page shows it: its own description, and the body of the component it refers to. */
export function resolveOperationResponse(document: OpenApiDocument, response: OpenApiOperation['responses'][string]): ShownResponse {
  const target =
    '$ref' in response
      ? response.$ref.startsWith(RESPONSE_REF_PREFIX)
        ? document.components.responses[response.$ref.slice(RESPONSE_REF_PREFIX.length)]
        : undefined
      : response;
  const [mediaType, media] = Object.entries(target?.content ?? {})[0] ?? [];
  const description = response.description ?? target?.description ?? '';
  const shown: ShownResponse = { description };
  if (mediaType) shown.mediaType = mediaType;
  if (media) shown.schema = media.schema;
  const code = errorCodeOf(media?.schema);
  if (code) shown.code = code;
  return shown;
}

/** The `error.code` an error response pins (`allOf: [Error, { error: { code: { const } } }]`). */
function errorCodeOf(schema: Record<string, unknown> | undefined): string | undefined {
  const allOf = schema?.allOf;
  if (!Array.isArray(allOf)) return undefined;
  for (const part of allOf as unknown[]) {
    const code = (part as { properties?: { error?: { properties?: { code?: { const?: unknown } } } } }).properties?.error?.properties?.code
      ?.const;
    if (typeof code === 'string') return code;
  }
  return undefined;
}
