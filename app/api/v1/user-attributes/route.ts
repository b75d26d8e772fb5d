import { NextResponse } from 'next/server';
import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { createAttribute } from '@/lib/attributes/create-attribute';
import { listAttributes } from '@/lib/attributes/list-attributes';

export const GET = withAdmin(async () => ({ data: await listAttributes(getDb()), nextCursor: null }), { permission: 'read' });

export const POST = withAdmin(
  async (req, { caller }) => NextResponse.json(await createAttribute(getDb(), caller.actor, await readJson(req)), { status: 201 }),
  { permission: 'write' },
);
