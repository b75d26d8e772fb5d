import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '../env';
import { getDb } from '../db';
import { getCurrentAdmin } from '../auth/session';
import { roleAllows, type Permission } from '../auth/roles';
import type { AuditActor } from '../audit/record-audit-event';
import { addressBucket, clientIp } from '../rate-limit/client-ip';
import type { RateLimitCheck } from '../rate-limit/consume-rate-limit';
import { enforceRateLimits } from '../rate-limit/enforce-rate-limits';
import { retryAfterHeaders } from '../rate-limit/rate-limited';
import { authenticateApiToken } from './api-tokens';
import { AppError, toErrorBody } from './errors';

/** Who is calling: a signed-in admin (cookie session) or an API token (`Authorization: Bearer …`). */
export type ApiCaller = { via: 'session' | 'token'; actor: AuditActor; canWrite: boolean };

type Handler<P> = (req: NextRequest, ctx: { caller: ApiCaller; params: P }) => Promise<unknown>;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one wrapper of admin route handlers: the caller (API token or signed-in admin), permission, same-origin
 * check for cookie-authenticated changes, and conversion of errors to `{ error: { code, message } }`.
 * The handler returns the resource (JSON 200), `undefined` (204) or a Response.
 */
export function withAdmin<P = Record<string, never>>(handler: Handler<P>, options: { permission: Permission }) {
  return async (req: NextRequest, context: { params: Promise<P> }): Promise<Response> => {
    const bearer = req.headers.has('authorization');
    try {
      const caller = await withinRateLimits(req, () => (bearer ? tokenCaller(req) : sessionCaller(req)));
      if (options.permission === 'write' && !caller.canWrite) {
        throw new AppError(
          'forbidden',
          caller.via === 'token'
            ? 'This API token is read-only: this action needs a token with full access.'
            : 'Your role is read-only: this action needs a super admin.',
        );
      }
      const result = await handler(req, { caller, params: await context.params });
      if (result instanceof Response) return result;
      return result === undefined ? new NextResponse(null, { status: 204 }) : NextResponse.json(result);
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status === 500) console.error('admin route failed', req.method, req.nextUrl.pathname, error);
      const headers: Record<string, string> = retryAfterHeaders(error);
      if (status === 401 && bearer) headers['WWW-Authenticate'] = 'Bearer realm="Gatehouse", error="invalid_token"';
      return NextResponse.json(body, { status, headers });
    }
  };
}

/**
 * Every API request counts against its client address and, once known, its caller (rate-limit rules `api.ip` and
 * `api.caller`): one statement. A request whose credentials are refused still counts against its address.
 */
async function withinRateLimits(req: NextRequest, identify: () => Promise<ApiCaller>): Promise<ApiCaller> {
  const rules = getEnv().GATEHOUSE_RATE_LIMITS.rules;
  const checks: RateLimitCheck[] = [];
  if (rules['api.ip']) checks.push({ key: `api:ip:${addressBucket(clientIp(req.headers))}`, ...rules['api.ip'] });
  const caller = await identify().catch(async (error: unknown) => {
    if (checks.length) await enforceRateLimits(getDb(), checks);
    throw error;
  });
  const id = caller.actor.type === 'api' || caller.actor.type === 'admin' ? `${caller.actor.type}:${caller.actor.id}` : null;
  if (rules['api.caller'] && id) checks.push({ key: `api:caller:${id}`, ...rules['api.caller'] });
  if (checks.length) await enforceRateLimits(getDb(), checks);
  return caller;
}

async function tokenCaller(req: NextRequest): Promise<ApiCaller> {
  const match = /^Bearer[ ]+([\x21-\x7e]+)[ ]*$/i.exec(req.headers.get('authorization') ?? '');
  if (!match?.[1]) throw new AppError('unauthenticated', 'Send the API token as `Authorization: Bearer <token>`.');
  const { scope, actor } = await authenticateApiToken(getDb(), match[1], getEnv().GATEHOUSE_API_TOKEN);
  return { via: 'token', actor, canWrite: scope === 'full' };
}

async function sessionCaller(req: NextRequest): Promise<ApiCaller> {
  const admin = await getCurrentAdmin();
  if (!admin)
    throw new AppError('unauthenticated', 'Sign in as an administrator, or send an API token as `Authorization: Bearer <token>`.');
  if (!SAFE_METHODS.has(req.method)) assertSameOrigin(req);
  return { via: 'session', actor: admin.actor, canWrite: roleAllows(admin.role, 'write') };
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
