import { NextResponse } from 'next/server';
import { toErrorBody } from '@/lib/api/errors';
import { buildOpenApiDocument } from '@/lib/api/openapi/document';
import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** The OpenAPI 3.1 document of the admin API, generated from its zod schemas. Public: it describes, it grants nothing. */
export function GET() {
  try {
    return NextResponse.json(buildOpenApiDocument(getEnv().GATEHOUSE_URL), { headers: { 'Cache-Control': 'public, max-age=300' } });
  } catch (error) {
    console.error('OpenAPI document failed', error);
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}
