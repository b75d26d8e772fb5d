'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from './nav';
import { NavIcon } from './nav-icons';

function isActive(pathname: string, href: string): boolean {
  if (pathname === href) return true;
  // "/admin" is the dashboard; it must not light up for every "/admin/..." page.
  if (href === '/admin') return false;
  return pathname.startsWith(`${href}/`);
}

export function ConsoleNav({ items }: { items: readonly NavItem[] }) {
  const pathname = usePathname();

  return (
    <nav aria-label="Console">
      <ul className="space-y-0.5">
        {items.map((item) => {
          const active = isActive(pathname, item.href);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? 'page' : undefined}
                className={
                  'group flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors ' +
                  'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600 ' +
                  (active ? 'bg-brand-50 text-brand-700' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900')
                }
              >
                <NavIcon
                  name={item.icon}
                  className={`size-5 shrink-0 ${active ? 'text-brand-600' : 'text-slate-400 group-hover:text-slate-600'}`}
                />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
