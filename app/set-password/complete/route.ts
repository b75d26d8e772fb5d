import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/lib/db';
import { toErrorBody } from '@/lib/api/errors';
import { readJson } from '@/lib/api/with-admin';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { rateLimitedJsonResponse } from '@/lib/rate-limit/rate-limited';
import { limitSignInFailures } from '@/lib/rate-limit/sign-in-limits';
import { setPasswordWithToken } from '@/lib/users/set-password-with-token';

/**
 * `{ token, password }` → 204: consumes a one-time password link. Errors are `{ error: { code, message } }`, never a
 * stack; failures are rate-limited per address (429 with Retry-After).
 */
export async function POST(req: NextRequest): Promise<Response> {
  try {
    const db = getDb();
    const outcome = await limitSignInFailures(db, 'set-password', { ip: clientIp(req.headers) }, async () =>
      setPasswordWithToken(db, await readJson(req)),
    );
    if (!outcome.allowed) return rateLimitedJsonResponse(outcome);
    return new NextResponse(null, { status: 204 });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    if (status === 500) console.error('set password failed', error);
    return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
  }
}
