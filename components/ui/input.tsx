import type { ComponentProps, ReactNode } from 'react';

const inputBase =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ' +
  'placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0 ' +
  'disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 read-only:bg-slate-50';

const inputNormal = 'ring-slate-300 focus-visible:outline-brand-600';
const inputInvalid = 'ring-red-400 focus-visible:outline-red-600';

export type InputProps = ComponentProps<'input'>;

/** Text-like input. Styles itself as invalid when `aria-invalid` is set. */
export function Input({ className, ...props }: InputProps) {
  const invalid = props['aria-invalid'] === true || props['aria-invalid'] === 'true';
  const classes = [inputBase, invalid ? inputInvalid : inputNormal, className].filter(Boolean).join(' ');
  return <input className={classes} {...props} />;
}

export type LabelProps = ComponentProps<'label'>;

export function Label({ className, ...props }: LabelProps) {
  const classes = ['block text-sm font-medium text-slate-800', className].filter(Boolean).join(' ');
  return <label className={classes} {...props} />;
}

/** Ids a control inside `Field` should reference in `aria-describedby`. */
export function fieldHintId(htmlFor: string): string {
  return `${htmlFor}-hint`;
}

export function fieldErrorId(htmlFor: string): string {
  return `${htmlFor}-error`;
}

/** `aria-describedby` value for a control in a `Field`, or undefined when there is nothing to describe. */
export function fieldDescribedBy(htmlFor: string, opts: { hint?: unknown; error?: unknown }): string | undefined {
  const ids = [opts.hint ? fieldHintId(htmlFor) : null, opts.error ? fieldErrorId(htmlFor) : null].filter(
    (id): id is string => id !== null,
  );
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export type FieldProps = {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: ReactNode;
  children: ReactNode;
};

/**
 * Label + control + hint + error. The control must carry `id={htmlFor}`; give it
 * `aria-describedby={fieldDescribedBy(htmlFor, { hint, error })}` and `aria-invalid={Boolean(error)}`.
 */
export function Field({ label, htmlFor, hint, error, children }: FieldProps) {
  return (
    <div className="space-y-1.5">
      <Label htmlFor={htmlFor}>{label}</Label>
      {children}
      {hint ? (
        <p id={fieldHintId(htmlFor)} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={fieldErrorId(htmlFor)} role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
