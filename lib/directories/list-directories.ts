import type { Db } from '../db';
import { DIRECTORY_PAGE_DEFAULT_LIMIT, directoryPageSchema, type DirectoryPageInput } from './directory-schemas';
import { DIRECTORY_SELECT, toDirectoryViews, type DirectoryView } from './directory-view';

/**
 * Every directory (JIT and local), by name, a page at a time: type, IdP, domains, user count, last sign-in and
 * state (active, or "Deleting… N of M" while its deletion job runs).
 */
export async function listDirectories(
  db: Db,
  page: DirectoryPageInput = {},
): Promise<{ data: DirectoryView[]; nextCursor: string | null }> {
  const { cursor, limit = DIRECTORY_PAGE_DEFAULT_LIMIT } = directoryPageSchema.parse(page);
  const rows = await db.directory.findMany({
    where: cursor === undefined ? {} : { name: { gt: cursor } },
    select: DIRECTORY_SELECT,
    orderBy: { name: 'asc' },
    take: limit + 1,
  });
  const shown = rows.slice(0, limit);
  return { data: await toDirectoryViews(db, shown), nextCursor: rows.length > limit ? (shown.at(-1)?.name ?? null) : null };
}
