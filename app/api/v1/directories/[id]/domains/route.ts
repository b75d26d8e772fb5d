import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { addDirectoryDomain } from '@/lib/directories/manage-domains';

export const POST = withAdmin<{ id: string }>(
  async (req, { caller, params }) =>
    NextResponse.json(await addDirectoryDomain(getDb(), caller.actor, params.id, await readJson(req)), { status: 201 }),
  { permission: 'write' },
);
