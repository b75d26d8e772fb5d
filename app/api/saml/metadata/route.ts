import { NextResponse } from 'next/server';
import { toErrorBody } from '@/lib/api/errors';
import { serviceProviderMetadataResponse } from '@/lib/saml/sp-metadata-response';

// Reads the key from the database on each request: never prerendered at build time.
export const dynamic = 'force-dynamic';

/** Public SAML 2.0 SP metadata: what IdP admins import (its URL is also our entity ID). */
export async function GET() {
  try {
    return await serviceProviderMetadataResponse();
  } catch (error) {
    console.error('SAML metadata failed', error);
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}
