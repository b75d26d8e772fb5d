import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createGroup } from '@/lib/groups/create-group';
import { getGroup, listGroups } from '@/lib/groups/get-group';

/** `?cursor=&limit=` → `{ data, nextCursor }`, by name. */
export const GET = withAdmin(
  async (req) =>
    listGroups(getDb(), {
      cursor: req.nextUrl.searchParams.get('cursor') ?? undefined,
      limit: req.nextUrl.searchParams.get('limit') ?? undefined,
    }),
  { permission: 'read' },
);

export const POST = withAdmin(
  async (req, { caller }) => {
    const db = getDb();
    const { id } = await createGroup(db, caller.actor, await readJson(req));
    return NextResponse.json(await getGroup(db, id), { status: 201 });
  },
  { permission: 'write' },
);
