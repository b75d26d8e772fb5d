import type { ComponentProps, ReactNode } from 'react';

export function Checkbox({ label, hint, id, ...props }: ComponentProps<'input'> & { id: string; label: ReactNode; hint?: ReactNode }) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...props}
      />
      <div className="text-sm">
        <label htmlFor={id} className="font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <div id={`${id}-hint`} className="mt-0.5 text-slate-500">
            {hint}
          </div>
        ) : null}
      </div>
    </div>
  );
}
