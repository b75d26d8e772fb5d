import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteGroup } from '@/lib/groups/delete-group';
import { getGroup } from '@/lib/groups/get-group';
import { updateGroup } from '@/lib/groups/update-group';

type Params = { id: string };

/** The group with its rules, member count and, while one runs, the membership recompute's progress. */
export const GET = withAdmin<Params>(async (_req, { params }) => getGroup(getDb(), params.id), { permission: 'read' });

export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => {
    const db = getDb();
    await updateGroup(db, caller.actor, params.id, await readJson(req));
    return getGroup(db, params.id);
  },
  { permission: 'write' },
);

export const DELETE = withAdmin<Params>(async (_req, { caller, params }) => deleteGroup(getDb(), caller.actor, params.id), {
  permission: 'write',
});
