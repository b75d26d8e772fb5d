import Link from 'next/link';
import type { ReactNode } from 'react';

export type StatProps = {
  label: ReactNode;
  value: number | string;
  href?: string;
  hint?: ReactNode;
};

const tile = 'block rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm';

/** Dashboard tile. With `href` the whole tile is one link, named by its label and value. */
export function Stat({ label, value, href, hint }: StatProps) {
  const shown = typeof value === 'number' ? value.toLocaleString('en-US') : value;
  const content = (
    <>
      <p className="text-sm font-medium text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">{shown}</p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </>
  );

  if (!href) return <div className={tile}>{content}</div>;

  return (
    <Link
      href={href}
      className={`${tile} transition hover:border-brand-300 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600`}
    >
      {content}
    </Link>
  );
}
