import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    kind?: 'admin' | 'user';
    adminId?: string;
    userSessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    kind?: 'admin' | 'user';
    adminId?: string;
    userSessionId?: string;
  }
}
