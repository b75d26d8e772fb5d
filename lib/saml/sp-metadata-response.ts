import 'server-only';
import { NextResponse } from 'next/server';
import { getDb } from '../db';
import { getEnv } from '../env';
import { getServiceProviderInfo } from './service-provider';
import { getServiceProviderKeys } from './sp-keys';
import { renderServiceProviderMetadata } from './sp-metadata';

/** Our SAML 2.0 SP metadata document, as IdP admins import it (public, and in the admin API). */
export async function serviceProviderMetadataResponse(): Promise<Response> {
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
}
