import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createAdmin } from '@/lib/admins/create-admin';
import { listAdmins } from '@/lib/admins/manage-admins';

export const GET = withAdmin(async () => ({ data: await listAdmins(getDb()), nextCursor: null }), { permission: 'read' });

export const POST = withAdmin(
  async (req, { caller }) => {
    const created = await createAdmin(getDb(), caller.actor, await readJson(req));
    return NextResponse.json(created, { status: 201 });
  },
  { permission: 'write' },
);
