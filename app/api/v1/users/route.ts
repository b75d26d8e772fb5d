import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { queryRecord } from '@/lib/audit/audit-event-query';
import { createLocalUser } from '@/lib/users/create-local-user';
import { listUsers } from '@/lib/users/list-users';

/**
 * `?q=&directoryId=&domain=&groupId=&attribute=&value=&status=&lastSignInAfter=&lastSignInBefore=&cursor=&limit=`
 * → `{ data, nextCursor }`: by user name, or, with a search, by the matching field.
 */
export const GET = withAdmin(
  async (req) => {
    const query = queryRecord(req.nextUrl.searchParams);
    return listUsers(getDb(), query, query);
  },
  { permission: 'read' },
);

/** `{ email, userName?, firstName?, lastName? }` → the local user (201). JIT users are never created here (PRODUCT.md rule 14). */
export const POST = withAdmin(
  async (req, { caller }) => NextResponse.json(await createLocalUser(getDb(), caller.actor, await readJson(req)), { status: 201 }),
  { permission: 'write' },
);
