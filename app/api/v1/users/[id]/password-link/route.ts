import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { withAdmin } from '@/lib/api/with-admin';
import { createPasswordSetupLink } from '@/lib/users/create-password-setup-link';

type Params = { id: string };

/** → `{ url, expiresAt }` (201): a one-time link for a local user to set a password, shown once. JIT users: 403. */
export const POST = withAdmin<Params>(
  async (_req, { caller, params }) =>
    NextResponse.json(await createPasswordSetupLink(getDb(), caller.actor, params.id, getEnv().GATEHOUSE_URL), { status: 201 }),
  { permission: 'write' },
);
