import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/auth/options';
import type { RateLimitRefusal } from '@/lib/rate-limit/rate-limited';

type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth answers a refused credentials sign-in with 401 and `{ url }` (its client reads the message from it); a
 * rate-limit refusal becomes 429 with Retry-After and the error model's body beside `url`, cookies kept.
 */
async function rateLimited(response: Response, refusal: RateLimitRefusal): Promise<Response> {
  const headers = new Headers(response.headers);
  headers.set('Retry-After', String(refusal.retryAfterSeconds));
  headers.set('Cache-Control', 'no-store');
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  headers.set('Content-Type', 'application/json');
  return new Response(JSON.stringify({ ...body, error: { code: 'rate_limited', message: refusal.message } }), { status: 429, headers });
}

// Options are built per request so that the environment is read at run time, not at build time.
async function handler(req: NextRequest, context: Context): Promise<Response> {
  const seen: { refusal?: RateLimitRefusal } = {};
  const response = (await NextAuth(req, context, authOptions({ onRateLimited: (refusal) => (seen.refusal = refusal) }))) as Response;
  return seen.refusal ? rateLimited(response, seen.refusal) : response;
}

export { handler as GET, handler as POST };
