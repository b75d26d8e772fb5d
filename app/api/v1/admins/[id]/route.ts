import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteAdmin, updateAdminRole } from '@/lib/admins/manage-admins';

type Params = { id: string };

export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => updateAdminRole(getDb(), caller.actor, params.id, await readJson(req)),
  { permission: 'write' },
);

export const DELETE = withAdmin<Params>(async (_req, { caller, params }) => deleteAdmin(getDb(), caller.actor, params.id), {
  permission: 'write',
});
