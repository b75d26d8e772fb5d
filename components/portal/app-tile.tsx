import { AppIcon } from '../apps/app-icon';

/** A launch tile. The link goes through /apps/ID/launch, which checks the entitlement at that moment. */
export function AppTile({ id, name, description, iconUrl }: { id: string; name: string; description: string; iconUrl: string | null }) {
  return (
    <a
      href={`/apps/${encodeURIComponent(id)}/launch`}
      className="group flex h-full items-start gap-4 rounded-xl border border-slate-200 bg-white p-4 shadow-sm transition hover:border-brand-300 hover:shadow-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      <AppIcon name={name} iconUrl={iconUrl} />
      <span className="min-w-0 flex-1">
        <span className="block truncate font-semibold text-slate-900 group-hover:text-brand-700">{name}</span>
        {description ? <span className="mt-0.5 line-clamp-2 block text-sm text-slate-500">{description}</span> : null}
      </span>
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-300 group-hover:text-brand-500">
        <path
          fillRule="evenodd"
          d="M5.22 14.78a.75.75 0 0 0 1.06 0l7.22-7.22v5.69a.75.75 0 0 0 1.5 0v-7.5a.75.75 0 0 0-.75-.75h-7.5a.75.75 0 0 0 0 1.5h5.69l-7.22 7.22a.75.75 0 0 0 0 1.06Z"
          clipRule="evenodd"
        />
      </svg>
    </a>
  );
}
