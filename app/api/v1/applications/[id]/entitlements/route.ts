import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { getApplicationEntitlements, setApplicationEntitlements } from '@/lib/apps/set-application-entitlements';

type Params = { id: string };

export const GET = withAdmin<Params>(async (_req, { params }) => getApplicationEntitlements(getDb(), params.id), { permission: 'read' });

/** PUT { groupIds } — the complete set of groups entitled to the application. */
export const PUT = withAdmin<Params>(
  async (req, { caller, params }) => setApplicationEntitlements(getDb(), caller.actor, params.id, await readJson(req)),
  { permission: 'write' },
);
