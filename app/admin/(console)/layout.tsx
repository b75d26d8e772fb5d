import type { ReactNode } from 'react';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { ConsoleShell } from '@/components/console/console-shell';
import { NAV_ITEMS } from '@/components/console/nav';
import { getCurrentAdmin } from '@/lib/auth/session';

// The layout only draws the shell; every page checks the caller itself (requireAdminPage).
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const admin = await getCurrentAdmin();
  if (!admin) redirect('/admin/login');
  return (
    <ConsoleShell admin={admin} nav={NAV_ITEMS} signOut={<SignOutButton callbackUrl="/admin/login" />}>
      {children}
    </ConsoleShell>
  );
}
