import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/lib/db';
import { toErrorBody } from '@/lib/api/errors';
import { readJson } from '@/lib/api/with-admin';
import { setPasswordWithToken } from '@/lib/users/set-password-with-token';

/** `{ token, password }` → 204: consumes a one-time password link. Errors are `{ error: { code, message } }`, never a stack. */
export async function POST(req: NextRequest): Promise<Response> {
  try {
    await setPasswordWithToken(getDb(), await readJson(req));
    return new NextResponse(null, { status: 204 });
  } catch (error) {
    const { status, body } = toErrorBody(error);
    if (status === 500) console.error('set password failed', error);
    return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
  }
}
