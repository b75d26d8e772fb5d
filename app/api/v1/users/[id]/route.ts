import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteLocalUser } from '@/lib/users/delete-local-user';
import { getUser } from '@/lib/users/get-user';
import { updateLocalUser } from '@/lib/users/update-local-user';

type Params = { id: string };

/** The user with its attributes, source, groups (and why), applications, sign-ins and audit trail. */
export const GET = withAdmin<Params>(async (_req, { params }) => getUser(getDb(), params.id), { permission: 'read' });

/** Local users only: `{ email?, userName?, firstName?, lastName?, status? }`. A JIT user is refused with 403 (PRODUCT.md rule 14). */
export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => updateLocalUser(getDb(), caller.actor, params.id, await readJson(req)),
  { permission: 'write' },
);

/** Local users only (204, also when already gone). A JIT user is refused with 403: delete its directory instead. */
export const DELETE = withAdmin<Params>(async (_req, { caller, params }) => deleteLocalUser(getDb(), caller.actor, params.id), {
  permission: 'write',
});
