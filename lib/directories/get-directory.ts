import type { Db } from '../db';
import { AppError } from '../api/errors';
import { DIRECTORY_SELECT, toDirectoryViews, type DirectoryView } from './directory-view';

/** One directory as the list shows it (type, IdP, domains, users, last sign-in, state). */
export async function getDirectory(db: Db, id: string): Promise<DirectoryView> {
  const row = await db.directory.findUnique({ where: { id }, select: DIRECTORY_SELECT });
  if (!row) throw new AppError('not_found', 'No such directory.');
  const [view] = await toDirectoryViews(db, [row]);
  if (!view) throw new AppError('not_found', 'No such directory.');
  return view;
}
