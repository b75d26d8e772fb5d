import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { setJit } from '@/lib/directories/set-jit';
import { getIdentityProvider } from '@/lib/idp/get-identity-provider';

/** PUT { enabled: true, directory: { name, domains } } enables JIT (rules 1-3). */
export const PUT = withAdmin<{ id: string }>(
  async (req, { caller, params }) => {
    const db = getDb();
    await setJit(db, caller.actor, params.id, await readJson(req));
    return getIdentityProvider(db, params.id);
  },
  { permission: 'write' },
);
