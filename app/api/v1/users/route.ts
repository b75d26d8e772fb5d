import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { queryRecord } from '@/lib/audit/audit-event-query';
import { listUsers } from '@/lib/users/list-users';

/**
 * `?q=&directoryId=&domain=&groupId=&attribute=&value=&status=&lastSignInAfter=&lastSignInBefore=&cursor=&limit=`
 * → `{ data, nextCursor }`: by user name, or, with a search, by the matching field.
 */
export const GET = withAdmin(
  async (req) => {
    const query = queryRecord(req.nextUrl.searchParams);
    return listUsers(getDb(), query, query);
  },
  { permission: 'read' },
);
