import { readJson, withAdmin } from '@/lib/api/with-admin';
import { defaultIdpDeps } from '@/lib/idp/default-idp-deps';
import { metadataSourceSchema } from '@/lib/idp/idp-schemas';
import { loadMetadata } from '@/lib/idp/load-metadata';

/** Parses metadata (XML or URL) without saving anything, so the admin sees what will be stored. */
export const POST = withAdmin(
  async (req) => {
    const source = metadataSourceSchema.parse(await readJson(req));
    const { parsed, url } = await loadMetadata(source, defaultIdpDeps());
    return { ...parsed, metadataUrl: url, certificates: parsed.certificates.map(({ pem: _pem, ...cert }) => cert) };
  },
  { permission: 'write' },
);
