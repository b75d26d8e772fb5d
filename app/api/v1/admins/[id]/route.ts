import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteAdmin, updateAdminRole } from '@/lib/admins/manage-admins';

type Params = { id: string };

export const PATCH = withAdmin<Params>(
  async (req, { admin, params }) =>
    updateAdminRole(getDb(), { type: 'admin', id: admin.id, label: admin.email }, params.id, await readJson(req)),
  { permission: 'write' },
);

export const DELETE = withAdmin<Params>(
  async (_req, { admin, params }) => deleteAdmin(getDb(), { type: 'admin', id: admin.id, label: admin.email }, params.id),
  { permission: 'write' },
);
