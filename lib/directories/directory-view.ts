import type { Db } from '../db';
import { findDirectoryDeletions, type DirectoryDeletionProgress } from './find-directory-deletions';

export const DIRECTORY_SELECT = {
  id: true,
  name: true,
  type: true,
  deletingAt: true,
  createdAt: true,
  idp: { select: { id: true, name: true } },
  jitIdp: { select: { id: true, name: true } },
  domains: { select: { name: true }, orderBy: { name: 'asc' } },
  _count: { select: { users: true } },
} as const;

type DirectoryRow = {
  id: string;
  name: string;
  type: string;
  deletingAt: Date | null;
  createdAt: Date;
  idp: { id: string; name: string } | null;
  jitIdp: { id: string; name: string } | null;
  domains: { name: string }[];
  _count: { users: number };
};

/** Active, or being deleted: then the deletion job's progress (null for the moment between the mark and the job). */
export type DirectoryState =
  { kind: 'active'; label: string } | { kind: 'deleting'; label: string; since: Date; deletion: DirectoryDeletionProgress | null };

export type DirectoryView = {
  id: string;
  name: string;
  type: 'jit' | 'local';
  /** The IdP that provisions it (JIT) or signs its users in (local). */
  idp: { id: string; name: string } | null;
  domains: string[];
  userCount: number;
  /** The most recent sign-in of any of its users. */
  lastSignInAt: Date | null;
  createdAt: Date;
  state: DirectoryState;
};

/** A directory's state from its deletion mark and its deletion job (if any). */
export function directoryState(deletingAt: Date | null, deletion: DirectoryDeletionProgress | undefined): DirectoryState {
  if (!deletingAt) return { kind: 'active', label: 'Active' };
  const since = deletingAt;
  if (!deletion) return { kind: 'deleting', label: 'Deleting…', since, deletion: null };
  const count = (n: number) => n.toLocaleString('en-US');
  const label =
    deletion.status === 'failed'
      ? `Deletion stopped at ${count(deletion.done)} of ${count(deletion.total)}`
      : deletion.status === 'queued' && deletion.done === 0
        ? `Deleting… queued (${count(deletion.total)} users)`
        : `Deleting… ${count(deletion.done)} of ${count(deletion.total)}`;
  return { kind: 'deleting', label, since, deletion };
}

/**
 * The most recent sign-in of a directory's users. Walks the lastSignInAt index from the newest and stops at the
 * first user of the directory: immediate for a directory whose users sign in, bounded by the signed-in users of
 * the other directories otherwise (no directory-and-date index to do better without a schema change).
 */
async function lastSignInOf(db: Db, directoryId: string): Promise<Date | null> {
  const user = await db.user.findFirst({
    where: { directoryId, lastSignInAt: { not: null } },
    orderBy: { lastSignInAt: 'desc' },
    select: { lastSignInAt: true },
  });
  return user?.lastSignInAt ?? null;
}

/** Directory rows (selected with DIRECTORY_SELECT) as the console and the API show them. */
export async function toDirectoryViews(db: Db, rows: DirectoryRow[]): Promise<DirectoryView[]> {
  const [deletions, lastSignIns] = await Promise.all([
    rows.some((row) => row.deletingAt) ? findDirectoryDeletions(db) : Promise.resolve(new Map<string, DirectoryDeletionProgress>()),
    Promise.all(rows.map((row) => lastSignInOf(db, row.id))),
  ]);
  return rows.map((row, index) => ({
    id: row.id,
    name: row.name,
    type: row.type === 'jit' ? 'jit' : 'local',
    idp: row.jitIdp ?? row.idp,
    domains: row.domains.map((domain) => domain.name),
    userCount: row._count.users,
    lastSignInAt: lastSignIns[index] ?? null,
    createdAt: row.createdAt,
    state: directoryState(row.deletingAt, deletions.get(row.id)),
  }));
}
