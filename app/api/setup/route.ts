import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { toErrorBody } from '@/lib/api/errors';
import { readJson } from '@/lib/api/with-admin';
import { completeFirstRun } from '@/lib/setup/first-run';

const bodySchema = z.object({ token: z.string().min(1).max(200) }).loose();

/** First-run setup: creates the first super admin with the one-time link printed at start. */
export async function POST(req: NextRequest) {
  try {
    const body = bodySchema.parse(await readJson(req));
    const admin = await completeFirstRun(getDb(), body.token, body);
    return NextResponse.json(admin, { status: 201 });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}
