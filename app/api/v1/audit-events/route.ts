import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { queryRecord } from '@/lib/audit/audit-event-query';
import { listAuditEvents } from '@/lib/audit/list-audit-events';

/** `?type=&action=&idpId=&user=&outcome=&from=&to=&cursor=&limit=` → `{ data, nextCursor }`, newest first. */
export const GET = withAdmin(
  async (req) => {
    const query = queryRecord(req.nextUrl.searchParams);
    return listAuditEvents(getDb(), query, query);
  },
  { permission: 'read' },
);
