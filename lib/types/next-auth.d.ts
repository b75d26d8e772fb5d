import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface Session {
    kind?: 'admin';
    adminId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    kind?: 'admin';
    adminId?: string;
  }
}
