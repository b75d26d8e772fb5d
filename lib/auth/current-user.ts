import 'server-only';
import { getServerSession } from 'next-auth';
import { getDb } from '../db';
import { authOptions } from './options';

/**
 * The signed-in end user: the next-auth session must name a user session row that still exists and
 * has not expired. Deleting the user (or its directory) deletes that row, so the session stops working
 * at the next request.
 */
export async function getCurrentUser(now = new Date()) {
  const session = await getServerSession(authOptions());
  if (session?.kind !== 'user' || !session.userSessionId) return null;
  const row = await getDb().userSession.findUnique({
    where: { id: session.userSessionId },
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
          directory: { select: { name: true, jitIdp: { select: { name: true } } } },
          domain: { select: { name: true } },
          attributes: { select: { name: true, value: true, position: true }, orderBy: [{ name: 'asc' }, { position: 'asc' }] },
        },
      },
    },
  });
  if (!row || row.expiresAt <= now || row.user.status !== 'active') return null;
  return row.user;
}
export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;
