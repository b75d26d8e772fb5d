import type { Db } from '../db';
import { formatCsvRow } from './format-csv-row';
import { listStaleUsers } from './list-stale-users';

const CSV_PAGE = 1_000;
const HEADER = ['userName', 'email', 'firstName', 'lastName', 'domain', 'status', 'lastSignInAt', 'createdAt', 'inactiveDays'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The stale-user report of a directory as CSV: a header, then one row per stale user, read a page at a time while
 * the response is sent (a directory of a million users never sits in memory). Checks the directory and the days
 * before the first byte, so a bad request is an error response rather than a broken download.
 */
export async function streamStaleUsersCsv(
  db: Db,
  directoryId: string,
  input: { days?: unknown; now?: Date },
): Promise<{ directoryName: string; days: number; body: ReadableStream<Uint8Array> }> {
  const now = input.now ?? new Date();
  const first = await listStaleUsers(db, directoryId, { days: input.days, now, limit: CSV_PAGE, countTotal: false });
  const encoder = new TextEncoder();
  let page: typeof first | null = first;
  let headerSent = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(formatCsvRow(HEADER)));
        return;
      }
      if (!page) return controller.close();
      const rows = page.data.map((user) => {
        const since = user.lastSignInAt ?? user.createdAt;
        return formatCsvRow([
          user.userName,
          user.email,
          user.firstName,
          user.lastName,
          user.domain,
          user.status,
          user.lastSignInAt?.toISOString() ?? null,
          user.createdAt.toISOString(),
          Math.floor((now.getTime() - since.getTime()) / DAY_MS),
        ]);
      });
      controller.enqueue(encoder.encode(rows.join('')));
      const cursor = page.nextCursor;
      page =
        cursor === null
          ? null
          : await listStaleUsers(db, directoryId, { days: first.days, now, cursor, limit: CSV_PAGE, countTotal: false });
    },
  });
  return { directoryName: first.directory.name, days: first.days, body };
}
