import type { ReactNode } from 'react';

export type AlertTone = 'info' | 'success' | 'warning' | 'error';

export type AlertProps = {
  tone: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
};

const tones: Record<AlertTone, { box: string; icon: string; title: string }> = {
  info: { box: 'border-sky-200 bg-sky-50 text-sky-900', icon: 'text-sky-600', title: 'text-sky-900' },
  success: {
    box: 'border-emerald-200 bg-emerald-50 text-emerald-900',
    icon: 'text-emerald-600',
    title: 'text-emerald-900',
  },
  warning: { box: 'border-amber-200 bg-amber-50 text-amber-900', icon: 'text-amber-600', title: 'text-amber-900' },
  error: { box: 'border-red-200 bg-red-50 text-red-900', icon: 'text-red-600', title: 'text-red-900' },
};

function ToneIcon({ tone }: { tone: AlertTone }) {
  const common = {
    className: `mt-0.5 size-5 shrink-0 ${tones[tone].icon}`,
    viewBox: '0 0 20 20',
    fill: 'currentColor',
    'aria-hidden': true,
  } as const;
  switch (tone) {
    case 'success':
      return (
        <svg {...common}>
          <path
            fillRule="evenodd"
            d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm3.86-9.72a.75.75 0 0 0-1.22-.87l-3.24 4.53-1.62-1.62a.75.75 0 1 0-1.06 1.06l2.25 2.25a.75.75 0 0 0 1.14-.09l3.75-5.26Z"
            clipRule="evenodd"
          />
        </svg>
      );
    case 'warning':
      return (
        <svg {...common}>
          <path
            fillRule="evenodd"
            d="M8.49 2.87c.67-1.16 2.35-1.16 3.02 0l6.28 10.88c.67 1.16-.17 2.62-1.51 2.62H3.72c-1.34 0-2.18-1.46-1.51-2.62L8.49 2.87ZM10 6a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 10 6Zm0 8a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
            clipRule="evenodd"
          />
        </svg>
      );
    case 'error':
      return (
        <svg {...common}>
          <path
            fillRule="evenodd"
            d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16ZM8.28 7.22a.75.75 0 0 0-1.06 1.06L8.94 10l-1.72 1.72a.75.75 0 1 0 1.06 1.06L10 11.06l1.72 1.72a.75.75 0 1 0 1.06-1.06L11.06 10l1.72-1.72a.75.75 0 0 0-1.06-1.06L10 8.94 8.28 7.22Z"
            clipRule="evenodd"
          />
        </svg>
      );
    case 'info':
      return (
        <svg {...common}>
          <path
            fillRule="evenodd"
            d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-7-4a1 1 0 1 1-2 0 1 1 0 0 1 2 0ZM9 9a.75.75 0 0 0 0 1.5h.25v2.75a.75.75 0 0 0 1.5 0V9.75A.75.75 0 0 0 10 9H9Z"
            clipRule="evenodd"
          />
        </svg>
      );
  }
}

/** Errors and warnings interrupt screen readers (role="alert"); info and success are polite (role="status"). */
export function Alert({ tone, title, children }: AlertProps) {
  const role = tone === 'error' || tone === 'warning' ? 'alert' : 'status';
  return (
    <div role={role} className={`flex gap-3 rounded-lg border px-4 py-3 text-sm ${tones[tone].box}`}>
      <ToneIcon tone={tone} />
      <div className="min-w-0 space-y-1">
        {title ? <p className={`font-semibold ${tones[tone].title}`}>{title}</p> : null}
        {children ? <div className="break-words [&_a]:font-medium [&_a]:underline">{children}</div> : null}
      </div>
    </div>
  );
}
