import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { authOptions } from '@/lib/auth/options';

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so that the environment is read at run time, not at build time.
function handler(req: NextRequest, context: Context): Promise<Response> {
  return NextAuth(req, context, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
