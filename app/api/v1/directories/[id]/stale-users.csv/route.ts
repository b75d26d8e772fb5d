import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { streamStaleUsersCsv } from '@/lib/directories/stream-stale-users-csv';

type Params = { id: string };

/** `?days=N` (default 90) → the directory's users who have not signed in for N days, as a CSV download. */
export const GET = withAdmin<Params>(
  async (req, { params }) => {
    const { directoryName, days, body } = await streamStaleUsersCsv(getDb(), params.id, {
      days: req.nextUrl.searchParams.get('days') ?? undefined,
    });
    const slug =
      directoryName
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'directory';
    return new Response(body, {
      headers: {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="stale-users-${slug}-${days}d.csv"`,
        'Cache-Control': 'no-store',
      },
    });
  },
  { permission: 'read' },
);
