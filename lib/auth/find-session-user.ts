import type { Db } from '../db';

/**
 * The user of an end-user session row, or null when the session no longer counts: the row is gone (its user or
 * directory was deleted), it expired, the user is suspended, or the user's directory is being deleted (its users
 * go in batches; their sessions end at once, at the next request).
 */
export async function findSessionUser(db: Db, userSessionId: string, now = new Date()) {
  const row = await db.userSession.findUnique({
    where: { id: userSessionId },
    select: {
      expiresAt: true,
      user: {
        select: {
          id: true,
          userName: true,
          email: true,
          firstName: true,
          lastName: true,
          status: true,
          directory: { select: { name: true, deletingAt: true, jitIdp: { select: { name: true } } } },
          domain: { select: { name: true } },
          attributes: { select: { name: true, value: true, position: true }, orderBy: [{ name: 'asc' }, { position: 'asc' }] },
        },
      },
    },
  });
  if (!row || row.expiresAt <= now || row.user.status !== 'active' || row.user.directory.deletingAt) return null;
  return row.user;
}
