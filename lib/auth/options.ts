import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { getDb } from '../db';
import { getEnv } from '../env';
import { authenticateAdmin } from '../admins/authenticate-admin';

export const ADMIN_SESSION_MAX_AGE_S = 8 * 60 * 60;

/**
 * next-auth configuration. Sessions are JWTs, but every page and route re-reads the admin from
 * the database (lib/auth/session.ts), so a deleted admin or a changed role takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.GATEHOUSE_SECRET,
    session: { strategy: 'jwt', maxAge: ADMIN_SESSION_MAX_AGE_S },
    pages: { signIn: '/admin/login', error: '/admin/login' },
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
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.kind = 'admin';
          token.adminId = user.id;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, kind: token.kind, adminId: token.adminId };
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
