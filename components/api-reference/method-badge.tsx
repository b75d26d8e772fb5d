const tones: Record<string, string> = {
  get: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  post: 'bg-brand-50 text-brand-700 ring-brand-600/20',
  put: 'bg-amber-50 text-amber-800 ring-amber-600/25',
  patch: 'bg-violet-50 text-violet-700 ring-violet-600/20',
  delete: 'bg-red-50 text-red-700 ring-red-600/20',
};

/** An HTTP method as a fixed-width badge, so paths line up in lists. */
export function MethodBadge({ method }: { method: string }) {
  const tone = tones[method.toLowerCase()] ?? 'bg-slate-100 text-slate-700 ring-slate-500/20';
  return (
    <span
      className={`inline-flex w-16 shrink-0 justify-center rounded-md px-2 py-0.5 font-mono text-xs font-semibold uppercase ring-1 ring-inset ${tone}`}
    >
      {method.toUpperCase()}
    </span>
  );
}
