'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState, type ReactNode } from 'react';

const SIDEBAR_ID = 'console-sidebar';

/**
 * On large screens a fixed left sidebar; on small screens a top bar whose menu button opens the
 * same sidebar as a drawer. `children` (nav, account, sign-out) is rendered once, server-side.
 */
export function ConsoleSidebar({ brand, children }: { brand: ReactNode; children: ReactNode }) {
  const pathname = usePathname();
  // Remember where the drawer was opened: navigating elsewhere closes it without an effect.
  const [openAt, setOpenAt] = useState<string | null>(null);
  const open = openAt === pathname;
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        setOpenAt(null);
        buttonRef.current?.focus();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [open]);

  return (
    <>
      <div className="sticky top-0 z-30 flex h-14 items-center justify-between border-b border-slate-200 bg-white/95 px-4 backdrop-blur lg:hidden">
        {brand}
        <button
          ref={buttonRef}
          type="button"
          aria-expanded={open}
          aria-controls={SIDEBAR_ID}
          onClick={() => setOpenAt(open ? null : pathname)}
          className="inline-flex size-10 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <span className="sr-only">{open ? 'Close menu' : 'Open menu'}</span>
          <svg
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            strokeWidth={1.75}
            strokeLinecap="round"
            className="size-6"
            aria-hidden
          >
            {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
          </svg>
        </button>
      </div>

      {open ? <div className="fixed inset-0 top-14 z-30 bg-slate-900/30 lg:hidden" aria-hidden onClick={() => setOpenAt(null)} /> : null}

      <aside
        id={SIDEBAR_ID}
        className={
          (open ? 'flex' : 'hidden') +
          ' fixed top-14 bottom-0 left-0 z-40 w-72 max-w-[85vw] flex-col border-r border-slate-200 bg-white shadow-xl' +
          ' lg:inset-y-0 lg:flex lg:w-64 lg:shadow-none'
        }
      >
        {children}
      </aside>
    </>
  );
}
