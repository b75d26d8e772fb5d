import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page depends on the session or the database: render at request time, never at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Gatehouse', template: '%s · Gatehouse' },
  description: 'SAML single sign-on with Just-in-Time user provisioning',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
