import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { defaultIdpDeps } from '@/lib/idp/default-idp-deps';
import { getIdentityProvider } from '@/lib/idp/get-identity-provider';
import { refreshIdpMetadata } from '@/lib/idp/refresh-idp-metadata';

export const POST = withAdmin<{ id: string }>(
  async (_req, { caller, params }) => {
    const db = getDb();
    const { warnings } = await refreshIdpMetadata(db, caller.actor, params.id, defaultIdpDeps());
    return { ...(await getIdentityProvider(db, params.id)), warnings };
  },
  { permission: 'write' },
);
