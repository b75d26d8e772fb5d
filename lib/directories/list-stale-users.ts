import type { Db } from '../db';
import { AppError } from '../api/errors';
import { staleDaysSchema } from './directory-schemas';

const DAY_MS = 24 * 60 * 60 * 1000;
export const STALE_PAGE_DEFAULT_LIMIT = 50;
const STALE_PAGE_MAX_LIMIT = 5_000;

export type StaleUser = {
  id: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  domain: string | null;
  status: string;
  lastSignInAt: Date | null;
  createdAt: Date;
};

export type StaleUserPage = {
  directory: { id: string; name: string };
  days: number;
  /** Users whose last sign-in (or, never signed in, whose creation) is before this are stale. */
  cutoff: Date;
  /** All stale users of the directory; only when asked for (it counts every one). */
  total: number | null;
  data: StaleUser[];
  nextCursor: string | null;
};

/**
 * The stale-user report: users of one directory who have not signed in for `days` days — a user who never signed in
 * counts from their creation. A page at a time in id order (`cursor` = the last id seen), so the CSV export can walk
 * a directory of any size.
 */
export async function listStaleUsers(
  db: Db,
  directoryId: string,
  input: { days?: unknown; now?: Date; cursor?: string; limit?: number; countTotal?: boolean } = {},
): Promise<StaleUserPage> {
  const days = staleDaysSchema.parse(input.days);
  const now = input.now ?? new Date();
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const limit = Math.min(Math.max(1, Math.floor(input.limit ?? STALE_PAGE_DEFAULT_LIMIT)), STALE_PAGE_MAX_LIMIT);
  const directory = await db.directory.findUnique({ where: { id: directoryId }, select: { id: true, name: true } });
  if (!directory) throw new AppError('not_found', 'No such directory.');

  const stale = {
    directoryId,
    OR: [{ lastSignInAt: { lt: cutoff } }, { lastSignInAt: null, createdAt: { lt: cutoff } }],
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where: input.cursor === undefined ? stale : { ...stale, id: { gt: input.cursor } },
      orderBy: { id: 'asc' },
      take: limit + 1,
      select: {
        id: true,
        userName: true,
        email: true,
        firstName: true,
        lastName: true,
        status: true,
        lastSignInAt: true,
        createdAt: true,
        domain: { select: { name: true } },
      },
    }),
    input.countTotal === false ? Promise.resolve(null) : db.user.count({ where: stale }),
  ]);
  const shown = rows.slice(0, limit);
  return {
    directory,
    days,
    cutoff,
    total,
    data: shown.map(({ domain, ...user }) => ({ ...user, domain: domain?.name ?? null })),
    nextCursor: rows.length > limit ? (shown.at(-1)?.id ?? null) : null,
  };
}
