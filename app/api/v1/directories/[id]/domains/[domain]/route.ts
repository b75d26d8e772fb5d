import { getDb } from '@/lib/db';
import { withAdmin } from '@/lib/api/with-admin';
import { removeDirectoryDomain } from '@/lib/directories/manage-domains';

export const DELETE = withAdmin<{ id: string; domain: string }>(
  async (_req, { caller, params }) => removeDirectoryDomain(getDb(), caller.actor, params.id, decodeURIComponent(params.domain)),
  { permission: 'write' },
);
