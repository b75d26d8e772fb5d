import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';

/**
 * Names are unique ignoring case ("Slack" and "slack" would be two identical tiles). The database
 * index is case-sensitive and SQLite has no portable case-insensitive match, so the check reads the
 * names, which are few.
 */
export async function assertApplicationNameFree(db: Db | Tx, name: string, exceptId?: string): Promise<void> {
  const wanted = name.toLocaleLowerCase('en');
  const rows = await db.application.findMany({ select: { id: true, name: true } });
  const clash = rows.find((row) => row.id !== exceptId && row.name.toLocaleLowerCase('en') === wanted);
  if (clash) throw new AppError('conflict', `An application named "${clash.name}" already exists.`);
}

/** Sorts the way people read a list of names, the same on SQLite and PostgreSQL (their collations differ). */
export const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
