import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { getGroupMembers } from '@/lib/groups/get-group-members';

/** `?cursor=&limit=` → `{ data, nextCursor }`: members in user-id order, each with the rule that placed them. */
export const GET = withAdmin<{ id: string }>(
  async (req, { params }) =>
    getGroupMembers(getDb(), params.id, {
      cursor: req.nextUrl.searchParams.get('cursor') ?? undefined,
      limit: req.nextUrl.searchParams.get('limit') ?? undefined,
    }),
  { permission: 'read' },
);
