import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createApplication } from '@/lib/apps/create-application';
import { getApplication, listApplications } from '@/lib/apps/get-application';

export const GET = withAdmin(async () => ({ data: await listApplications(getDb()), nextCursor: null }), { permission: 'read' });

export const POST = withAdmin(
  async (req, { caller }) => {
    const db = getDb();
    const { id } = await createApplication(db, caller.actor, await readJson(req));
    return NextResponse.json(await getApplication(db, id), { status: 201 });
  },
  { permission: 'write' },
);
