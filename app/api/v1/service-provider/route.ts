import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { withAdmin } from '@/lib/api/with-admin';
import { getServiceProviderInfo } from '@/lib/saml/service-provider';
import { getServiceProviderKeys } from '@/lib/saml/sp-keys';

/** What an IdP admin needs to register Gatehouse: entity ID, ACS URL, metadata URL and certificate. */
export const GET = withAdmin(
  async () => {
    const env = getEnv();
    const keys = await getServiceProviderKeys(getDb(), env.GATEHOUSE_SECRET);
    return {
      ...getServiceProviderInfo(env.GATEHOUSE_URL),
      certificatePem: keys.certificatePem,
      certificateFingerprintSha256: keys.fingerprintSha256,
      certificateNotAfter: keys.notAfter,
    };
  },
  { permission: 'read' },
);
