import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../db';
import { getEnv } from '../env';
import { authenticateAdmin } from '../admins/authenticate-admin';
import { authenticateLocalUser } from '../users/authenticate-local-user';
import { cookies } from 'next/headers';
import { openSealedValue } from './sealed-value';
import { PENDING_LOGIN_COOKIE, PENDING_LOGIN_PURPOSE } from '../signin/cookies';
import { SAML_PROVIDER_ID, samlProvider } from './saml-provider';

export const ADMIN_SESSION_MAX_AGE_S = 8 * 60 * 60;

/** Local users' sign-in with the built-in IdP (PRODUCT.md rule 1). */
export const LOCAL_USER_PROVIDER_ID = 'user-password';

/**
 * next-auth configuration. Sessions are JWTs, but every page and route re-reads the admin from
 * the database (lib/auth/session.ts), so a deleted admin or a changed role takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const env = getEnv();
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
        async authorize(credentials) {
          const result = await authenticateAdmin(getDb(), {
            email: String(credentials?.email ?? ''),
            password: String(credentials?.password ?? ''),
          });
          // next-auth hands a thrown message to the sign-in form as `error`.
          if (!result.ok) throw new Error(result.message);
          return { id: result.admin.id, email: result.admin.email, name: result.admin.name };
        },
      }),
      CredentialsProvider({
        id: LOCAL_USER_PROVIDER_ID,
        name: 'Local user email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials) {
          const result = await authenticateLocalUser(getDb(), {
            email: String(credentials?.email ?? ''),
            password: String(credentials?.password ?? ''),
          });
          if (!result.ok) throw new Error(result.message);
          // The id carried to the jwt callback is the user session row just created, as the ACS does for SAML.
          return { id: result.userSessionId, name: result.user.userName };
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
