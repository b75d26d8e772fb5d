import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { deleteDirectory } from '@/lib/directories/delete-directory';
import { getDirectory } from '@/lib/directories/get-directory';
import { deleteConfirmationSchema } from '@/lib/idp/idp-schemas';

type Params = { id: string };

/** The directory with its IdP, domains, user count, last sign-in and state (with the deletion's progress). */
export const GET = withAdmin<Params>(async (_req, { params }) => getDirectory(getDb(), params.id), { permission: 'read' });

/**
 * DELETE …?confirmUsers=N — rule 4: turns JIT off for its IdP and ends its users' sessions at once, then deletes its
 * users in the background: `{ status: 'deleting', usersDeleted, jobId }` (or `status: 'deleted'` for an empty one).
 */
export const DELETE = withAdmin<Params>(
  async (req, { caller, params }) => {
    const { confirmUsers } = deleteConfirmationSchema.parse({ confirmUsers: req.nextUrl.searchParams.get('confirmUsers') ?? undefined });
    const db = getDb();
    if (!(await db.directory.findUnique({ where: { id: params.id }, select: { id: true } }))) return undefined; // idempotent
    return deleteDirectory(db, caller.actor, params.id, confirmUsers);
  },
  { permission: 'write' },
);
