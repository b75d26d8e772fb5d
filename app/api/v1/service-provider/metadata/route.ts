import { withAdmin } from '@/lib/api/with-admin';
import { serviceProviderMetadataResponse } from '@/lib/saml/sp-metadata-response';

/** The SP metadata XML (the same document as the public /api/saml/metadata), for automation. */
export const GET = withAdmin(() => serviceProviderMetadataResponse(), { permission: 'read' });
