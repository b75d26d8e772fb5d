import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { ConsoleNav } from './console-nav';
import { ConsoleSidebar } from './console-sidebar';
import { Logo } from './logo';
import type { NavItem } from './nav';

export type ConsoleAdmin = {
  email: string;
  name: string;
  role: 'super_admin' | 'read_only';
};

export type ConsoleShellProps = {
  admin: ConsoleAdmin;
  nav: readonly NavItem[];
  children: ReactNode;
  /** A sign-out form or button, rendered under the admin's identity. */
  signOut: ReactNode;
};

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  const letters = parts.length > 1 ? `${parts[0]?.[0] ?? ''}${parts[1]?.[0] ?? ''}` : source.slice(0, 2);
  return letters.toUpperCase();
}

export function ConsoleShell({ admin, nav, children, signOut }: ConsoleShellProps) {
  const brand = (
    <Link href="/admin" className="rounded-md focus-visible:outline-2 focus-visible:outline-brand-600">
      <Logo />
      <span className="sr-only"> console home</span>
    </Link>
  );

  return (
    <div className="min-h-dvh">
      <a
        href="#console-main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow"
      >
        Skip to content
      </a>

      <ConsoleSidebar brand={brand}>
        <div className="hidden h-16 shrink-0 items-center px-5 lg:flex">{brand}</div>
        <div className="flex-1 overflow-y-auto px-3 py-4 lg:pt-2">
          <ConsoleNav items={nav.filter((item) => item.available)} />
        </div>
        <div className="shrink-0 border-t border-slate-200 p-4">
          <div className="flex items-center gap-3">
            <span
              className="flex size-9 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700"
              aria-hidden
            >
              {initials(admin.name, admin.email)}
            </span>
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-slate-900" title={admin.name}>
                {admin.name}
              </p>
              <p className="truncate text-xs text-slate-500" title={admin.email}>
                {admin.email}
              </p>
            </div>
          </div>
          <div className="mt-3 flex items-center justify-between gap-2">
            <Badge tone={admin.role === 'super_admin' ? 'info' : 'neutral'}>
              {admin.role === 'super_admin' ? 'Super admin' : 'Read-only'}
            </Badge>
            {signOut}
          </div>
        </div>
      </ConsoleSidebar>

      <div className="lg:pl-64">
        <main id="console-main" tabIndex={-1} className="mx-auto w-full max-w-6xl px-4 py-8 focus:outline-none sm:px-6 lg:px-10 lg:py-10">
          {children}
        </main>
      </div>
    </div>
  );
}
