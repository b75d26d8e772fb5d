import { NextResponse, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/lib/db';
import { toErrorBody } from '@/lib/api/errors';
import { readJson } from '@/lib/api/with-admin';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { rateLimitedJsonResponse } from '@/lib/rate-limit/rate-limited';
import { limitSignInFailures } from '@/lib/rate-limit/sign-in-limits';
import { completeFirstRun } from '@/lib/setup/first-run';

const bodySchema = z.object({ token: z.string().min(1).max(200) }).loose();

/** First-run setup: creates the first super admin with the one-time link printed at start. Failures are rate-limited per address. */
export async function POST(req: NextRequest) {
  try {
    const db = getDb();
    const outcome = await limitSignInFailures(db, 'setup', { ip: clientIp(req.headers) }, async () => {
      const body = bodySchema.parse(await readJson(req));
      return completeFirstRun(db, body.token, body);
    });
    if (!outcome.allowed) return rateLimitedJsonResponse(outcome);
    return NextResponse.json(outcome.result, { status: 201 });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    return NextResponse.json(body, { status });
  }
}
