import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { listDirectories } from '@/lib/directories/list-directories';

/** `?cursor=&limit=` → `{ data, nextCursor }`, by name: every directory with its IdP, domains, users and state. */
export const GET = withAdmin(
  async (req) =>
    listDirectories(getDb(), {
      cursor: req.nextUrl.searchParams.get('cursor') ?? undefined,
      limit: req.nextUrl.searchParams.get('limit') ?? undefined,
    }),
  { permission: 'read' },
);
