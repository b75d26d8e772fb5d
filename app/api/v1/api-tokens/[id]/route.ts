import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { revokeApiToken } from '@/lib/api/api-tokens';

/** Revokes the token at once (204; also when it was already revoked or does not exist). */
export const DELETE = withAdmin<{ id: string }>(
  async (_req, { caller, params }) => {
    await revokeApiToken(getDb(), caller.actor, params.id);
  },
  { permission: 'write' },
);
