import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { getGroup } from '@/lib/groups/get-group';
import { rerunGroupRecompute } from '@/lib/groups/rerun-group-recompute';

type Params = { id: string };

/** Runs the membership recompute of the group's current rules again (after a failure); answers the group. */
export const POST = withAdmin<Params>(
  async (_req, { caller, params }) => {
    const db = getDb();
    await rerunGroupRecompute(db, caller.actor, params.id);
    return getGroup(db, params.id);
  },
  { permission: 'write' },
);
