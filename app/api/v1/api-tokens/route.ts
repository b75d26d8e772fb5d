import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createApiToken, listApiTokens } from '@/lib/api/api-tokens';

/** Every token (newest first, revoked ones last): never their values, only the prefix shown to recognise them. */
export const GET = withAdmin(async () => ({ data: await listApiTokens(getDb()), nextCursor: null }), { permission: 'read' });

/** `{ name, scope: 'read' | 'full' }` → the token (201), with its value in `token`: shown this once, stored hashed. */
export const POST = withAdmin(
  async (req, { caller }) => NextResponse.json(await createApiToken(getDb(), caller.actor, await readJson(req)), { status: 201 }),
  { permission: 'write' },
);
