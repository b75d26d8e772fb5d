import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { defaultIdpDeps } from '@/lib/idp/default-idp-deps';
import { deleteIdentityProvider } from '@/lib/idp/delete-identity-provider';
import { getIdentityProvider } from '@/lib/idp/get-identity-provider';
import { updateIdentityProvider } from '@/lib/idp/update-identity-provider';

type Params = { id: string };

export const GET = withAdmin<Params>(async (_req, { params }) => getIdentityProvider(getDb(), params.id), { permission: 'read' });

export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => {
    const db = getDb();
    const { warnings } = await updateIdentityProvider(db, caller.actor, params.id, await readJson(req), defaultIdpDeps());
    return { ...(await getIdentityProvider(db, params.id)), warnings };
  },
  { permission: 'write' },
);

/** DELETE …?confirmUsers=N — N must equal the number of users the deletion removes. */
export const DELETE = withAdmin<Params>(
  async (req, { caller, params }) =>
    deleteIdentityProvider(
      getDb(),
      caller.actor,
      params.id,
      { confirmUsers: req.nextUrl.searchParams.get('confirmUsers') ?? undefined },
      defaultIdpDeps(),
    ),
  { permission: 'write' },
);
