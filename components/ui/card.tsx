import type { ComponentProps, ReactNode } from 'react';

export type CardProps = ComponentProps<'section'>;

// overflow-hidden keeps full-bleed content (tables, empty states) inside the rounded corners.
export function Card({ className, ...props }: CardProps) {
  const classes = ['overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm', className].filter(Boolean).join(' ');
  return <section className={classes} {...props} />;
}

export type CardHeaderProps = {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
};

export function CardHeader({ title, description, actions }: CardHeaderProps) {
  return (
    <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
      <div className="min-w-0">
        <h2 className="text-base font-semibold text-slate-900">{title}</h2>
        {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </header>
  );
}

export type CardBodyProps = ComponentProps<'div'>;

export function CardBody({ className, ...props }: CardBodyProps) {
  const classes = ['px-5 py-4', className].filter(Boolean).join(' ');
  return <div className={classes} {...props} />;
}
