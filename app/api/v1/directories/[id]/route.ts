import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { deleteDirectory } from '@/lib/directories/delete-directory';
import { deleteConfirmationSchema } from '@/lib/idp/idp-schemas';

/** DELETE …?confirmUsers=N — rule 4: deletes the directory's users and turns JIT off for its IdP. */
export const DELETE = withAdmin<{ id: string }>(
  async (req, { admin, params }) => {
    const { confirmUsers } = deleteConfirmationSchema.parse({ confirmUsers: req.nextUrl.searchParams.get('confirmUsers') ?? undefined });
    const db = getDb();
    if (!(await db.directory.findUnique({ where: { id: params.id }, select: { id: true } }))) return undefined; // idempotent
    return deleteDirectory(db, admin.actor, params.id, confirmUsers);
  },
  { permission: 'write' },
);
