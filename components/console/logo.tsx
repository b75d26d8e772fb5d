// The same mark as public/logo.svg, inlined so it needs no request and takes the page's colours.
export function LogoMark({ className = 'size-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden>
      <rect width="32" height="32" rx="8" className="fill-brand-600" />
      <path d="M9 24.5V14.5a7 7 0 0 1 14 0v10" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
      <path
        d="M13 24.5v-9M16 24.5v-11M19 24.5v-9"
        fill="none"
        stroke="white"
        strokeOpacity="0.75"
        strokeWidth="1.75"
        strokeLinecap="round"
      />
      <path d="M7 24.5h18" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={['inline-flex items-center gap-2.5', className].filter(Boolean).join(' ')}>
      <LogoMark />
      <span className="text-lg font-semibold tracking-tight text-slate-900">Gatehouse</span>
    </span>
  );
}
