import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '../env';
import { getCurrentAdmin, type CurrentAdmin } from '../auth/session';
import { roleAllows, type Permission } from '../auth/roles';
import { AppError, toErrorBody } from './errors';

type Handler<P> = (req: NextRequest, ctx: { admin: CurrentAdmin; params: P }) => Promise<unknown>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one wrapper of admin route handlers: signed-in admin, permission, same-origin check for
 * cookie-authenticated changes, and conversion of errors to `{ error: { code, message } }`.
 * The handler returns the resource (JSON 200), `undefined` (204) or a Response.
 */
export function withAdmin<P = Record<string, never>>(handler: Handler<P>, options: { permission: Permission }) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const admin = await getCurrentAdmin();
      if (!admin) throw new AppError('unauthenticated', 'Sign in as an administrator to continue.');
      if (!roleAllows(admin.role, options.permission)) {
        throw new AppError('forbidden', 'Your role is read-only: this action needs a super admin.');
      }
      if (!SAFE_METHODS.has(req.method)) assertSameOrigin(req);
      const result = await handler(req, { admin, params: await context.params });
      if (result instanceof Response) return result;
      return result === undefined ? new NextResponse(null, { status: 204 }) : NextResponse.json(result);
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status === 500) console.error('admin route failed', req.method, req.nextUrl.pathname, error);
      return NextResponse.json(body, { status });
    }
  };
}

/** Cookie-authenticated changes must come from our own pages (defence in depth next to SameSite=Lax). */
function assertSameOrigin(req: NextRequest) {
  const origin = req.headers.get('origin');
  const allowed = new Set([getEnv().GATEHOUSE_URL, req.nextUrl.origin]);
  if (!origin || !allowed.has(origin)) throw new AppError('forbidden', 'Cross-origin request refused.');
}

/** Reads a JSON body, answering 400 (not 500) when it is not JSON. */
export async function readJson(req: NextRequest): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new AppError('invalid_request', 'The request body must be JSON.');
  }
}
