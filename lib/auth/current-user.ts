import 'server-only';
import { getServerSession } from 'next-auth';
import { getDb } from '../db';
import { findSessionUser } from './find-session-user';
import { authOptions } from './options';

/**
 * The signed-in end user: the next-auth session must name a user session row that still exists and
 * has not expired. Deleting the user (or its directory) deletes that row, so the session stops working
 * at the next request — and so does marking its directory for deletion (see findSessionUser).
 */
export async function getCurrentUser(now = new Date()) {
  const session = await getServerSession(authOptions());
  if (session?.kind !== 'user' || !session.userSessionId) return null;
  return findSessionUser(getDb(), session.userSessionId, now);
}
export type CurrentUser = NonNullable<Awaited<ReturnType<typeof getCurrentUser>>>;
