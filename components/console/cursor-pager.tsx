import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';

type Props = {
  /** The page's path, e.g. `/admin/users`. */
  basePath: string;
  /** Search and filters of the current view (without the cursor); carried by both links. */
  filters: Record<string, string>;
  /** Whether this view is a later page (it came with a cursor). */
  paged: boolean;
  nextCursor: string | null;
};

function href(basePath: string, filters: Record<string, string>, cursor?: string): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value.trim() !== ''));
  if (cursor) params.set('cursor', cursor);
  const query = params.toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** Forward-only paging of a filtered list: a cursor knows what comes after it, so "back" is the first page. */
export function CursorPager({ basePath, filters, paged, nextCursor }: Props) {
  if (!paged && !nextCursor) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-end gap-2 border-t border-slate-200 px-5 py-3">
      {paged ? (
        <Link href={href(basePath, filters)} className={buttonClasses('secondary', 'sm')}>
          First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link href={href(basePath, filters, nextCursor)} className={buttonClasses('secondary', 'sm')}>
          Next page
        </Link>
      ) : null}
    </nav>
  );
}
