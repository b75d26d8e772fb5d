import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createIdentityProvider } from '@/lib/idp/create-identity-provider';
import { defaultIdpDeps } from '@/lib/idp/default-idp-deps';
import { getIdentityProvider, listIdentityProviders } from '@/lib/idp/get-identity-provider';

export const GET = withAdmin(async () => ({ data: await listIdentityProviders(getDb()), nextCursor: null }), { permission: 'read' });

export const POST = withAdmin(
  async (req, { caller }) => {
    const db = getDb();
    const { id, warnings } = await createIdentityProvider(db, caller.actor, await readJson(req), defaultIdpDeps());
    return NextResponse.json({ ...(await getIdentityProvider(db, id)), warnings }, { status: 201 });
  },
  { permission: 'write' },
);
