import type { ComponentProps } from 'react';

export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  const invalid = props['aria-invalid'] === true || props['aria-invalid'] === 'true';
  const classes = [
    'block w-full rounded-md border-0 bg-white px-3 py-2 font-mono text-xs text-slate-900 shadow-sm ring-1 ring-inset',
    'placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0',
    invalid ? 'ring-red-400 focus-visible:outline-red-600' : 'ring-slate-300 focus-visible:outline-brand-600',
    className,
  ]
    .filter(Boolean)
    .join(' ');
  return <textarea className={classes} {...props} />;
}
