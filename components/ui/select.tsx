import type { ComponentProps } from 'react';

export const selectClasses =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 ' +
  'focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-brand-600 disabled:bg-slate-50 aria-invalid:ring-red-400';

/** The console's one native select, styled like Input (invalid when `aria-invalid` is set). */
export function Select({ className, ...props }: ComponentProps<'select'>) {
  return <select className={className ? `${selectClasses} ${className}` : selectClasses} {...props} />;
}
