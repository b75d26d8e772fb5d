import { NextResponse } from 'next/server';
import { toErrorBody } from '@/lib/api/errors';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getServiceProviderInfo } from '@/lib/saml/service-provider';
import { getServiceProviderKeys } from '@/lib/saml/sp-keys';
import { renderServiceProviderMetadata } from '@/lib/saml/sp-metadata';

// Reads the key from the database on each request: never prerendered at build time.
export const dynamic = 'force-dynamic';

/** Public SAML 2.0 SP metadata: what IdP admins import (its URL is also our entity ID). */
export async function GET() {
  try {
    const env = getEnv();
    const keys = await getServiceProviderKeys(getDb(), env.GATEHOUSE_SECRET, { baseUrl: env.GATEHOUSE_URL });
    const { entityId, acsUrl } = getServiceProviderInfo(env.GATEHOUSE_URL);
    const xml = renderServiceProviderMetadata({ entityId, acsUrl, certificatePem: keys.certificatePem });
    return new NextResponse(xml, {
      headers: {
        'Content-Type': 'application/samlmetadata+xml; charset=utf-8',
        'Content-Disposition': 'inline; filename="gatehouse-sp-metadata.xml"',
        'Cache-Control': 'public, max-age=300',
      },
    });
  } catch (error) {
    console.error('SAML metadata failed', error);
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}
