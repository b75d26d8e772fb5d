import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { getUser } from '@/lib/users/get-user';

type Params = { id: string };

/** The user with its attributes, source, groups (and why), applications, sign-ins and audit trail. Read-only: JIT users are managed by their IdP. */
export const GET = withAdmin<Params>(async (_req, { params }) => getUser(getDb(), params.id), { permission: 'read' });
