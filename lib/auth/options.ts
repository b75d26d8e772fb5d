import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb, type Db } from '../db';
import { getEnv } from '../env';
import { authenticateAdmin } from '../admins/authenticate-admin';
import { authenticateLocalUser } from '../users/authenticate-local-user';
import { cookies } from 'next/headers';
import { openSealedValue } from './sealed-value';
import { PENDING_LOGIN_COOKIE, PENDING_LOGIN_PURPOSE } from '../signin/cookies';
import { SAML_PROVIDER_ID, samlProvider } from './saml-provider';
import { clientIp } from '../rate-limit/client-ip';
import type { RateLimitRefusal } from '../rate-limit/rate-limited';
import { limitSignInFailures } from '../rate-limit/sign-in-limits';

export const ADMIN_SESSION_MAX_AGE_S = 8 * 60 * 60;

/** Local users' sign-in with the built-in IdP (PRODUCT.md rule 1). */
export const LOCAL_USER_PROVIDER_ID = 'user-password';

/** Per request: told when a password sign-in was refused by a rate limit (the route answers 429 with Retry-After). */
export type AuthRequestHooks = { onRateLimited?: (refusal: RateLimitRefusal) => void };

/** The headers next-auth hands to `authorize` (a plain object of the request's headers). */
function requestHeaders(req: { headers?: Record<string, unknown> }): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers ?? {})) if (typeof value === 'string') headers.set(name, value);
  return headers;
}

/**
 * next-auth configuration. Sessions are JWTs, but every page and route re-reads the admin from
 * the database (lib/auth/session.ts), so a deleted admin or a changed role takes effect at once.
 * Password sign-ins are limited per address and per account on failures (lib/rate-limit/sign-in-limits.ts).
 */
export function authOptions(hooks: AuthRequestHooks = {}): NextAuthOptions {
  const env = getEnv();
  /** A password sign-in within its path's failure limits. next-auth hands a thrown message to the form as `error`. */
  const signInWithPassword = async <T extends { ok: true } | { ok: false; message: string }>(
    path: 'admin' | 'password',
    credentials: Record<string, string> | undefined,
    req: { headers?: Record<string, unknown> },
    authenticate: (db: Db, credentials: { email: string; password: string }) => Promise<T>,
  ): Promise<Extract<T, { ok: true }>> => {
    const db = getDb();
    const input = { email: String(credentials?.email ?? ''), password: String(credentials?.password ?? '') };
    const subject = { ip: clientIp(requestHeaders(req)), account: input.email };
    const limited = await limitSignInFailures(
      db,
      path,
      subject,
      () => authenticate(db, input),
      (result) => result.ok,
    );
    if (!limited.allowed) {
      hooks.onRateLimited?.(limited);
      throw new Error(limited.message);
    }
    const result: { ok: true } | { ok: false; message: string } = limited.result;
    if (!result.ok) throw new Error(result.message);
    return limited.result as Extract<T, { ok: true }>;
  };
  return {
    secret: env.GATEHOUSE_SECRET,
    session: { strategy: 'jwt', maxAge: ADMIN_SESSION_MAX_AGE_S },
    pages: { signIn: '/admin/login', error: '/login' },
    useSecureCookies: env.GATEHOUSE_URL.startsWith('https://'),
    providers: [
      CredentialsProvider({
        id: 'admin-password',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const { admin } = await signInWithPassword('admin', credentials, req, authenticateAdmin);
          return { id: admin.id, email: admin.email, name: admin.name };
        },
      }),
      CredentialsProvider({
        id: LOCAL_USER_PROVIDER_ID,
        name: 'Local user email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const { userSessionId, user } = await signInWithPassword('password', credentials, req, authenticateLocalUser);
          // The id carried to the jwt callback is the user session row just created, as the ACS does for SAML.
          return { id: userSessionId, name: user.userName };
        },
      }),
      samlProvider(env.GATEHOUSE_URL, env.GATEHOUSE_SECRET),
    ],
    callbacks: {
      // A SAML sign-in is accepted only with the session the ACS just created for this browser.
      async signIn({ account }) {
        if (account?.provider !== SAML_PROVIDER_ID) return true;
        return Boolean(await pendingUserSession(env.GATEHOUSE_SECRET));
      },
      async jwt({ token, user, account }) {
        if (user && account?.provider === SAML_PROVIDER_ID) {
          const sessionId = await pendingUserSession(env.GATEHOUSE_SECRET);
          // A fresh token: nothing of an earlier (admin) session carries over.
          return { kind: 'user' as const, userSessionId: sessionId ?? undefined, sub: user.id };
        }
        if (user && account?.provider === LOCAL_USER_PROVIDER_ID) {
          return { kind: 'user' as const, userSessionId: user.id, sub: user.id };
        }
        if (user) {
          token.kind = 'admin';
          token.adminId = user.id;
          delete token.userSessionId;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, kind: token.kind, adminId: token.adminId, userSessionId: token.userSessionId };
      },
      redirect({ url, baseUrl }) {
        // Same-origin only: relative paths (not `//host`) and URLs on our own origin.
        if (url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')) return `${baseUrl}${url}`;
        try {
          if (new URL(url).origin === baseUrl) return url;
        } catch {
          // not a URL: fall through
        }
        return `${baseUrl}/admin`;
      },
    },
  };
}

/** The user session id sealed into the pending-login cookie by the ACS, if any. */
async function pendingUserSession(secret: string): Promise<string | null> {
  const jar = await cookies();
  return openSealedValue(secret, PENDING_LOGIN_PURPOSE, jar.get(PENDING_LOGIN_COOKIE)?.value);
}
