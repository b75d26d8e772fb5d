import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteApplication } from '@/lib/apps/delete-application';
import { getApplication } from '@/lib/apps/get-application';
import { updateApplication } from '@/lib/apps/update-application';

type Params = { id: string };

export const GET = withAdmin<Params>(async (_req, { params }) => getApplication(getDb(), params.id), { permission: 'read' });

export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => {
    const db = getDb();
    await updateApplication(db, caller.actor, params.id, await readJson(req));
    return getApplication(db, params.id);
  },
  { permission: 'write' },
);

export const DELETE = withAdmin<Params>(
  async (_req, { caller, params }) => {
    await deleteApplication(getDb(), caller.actor, params.id);
  },
  { permission: 'write' },
);
