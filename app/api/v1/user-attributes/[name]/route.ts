import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { deleteAttribute } from '@/lib/attributes/delete-attribute';
import { getAttribute } from '@/lib/attributes/list-attributes';
import { updateAttribute } from '@/lib/attributes/update-attribute';

// `name` is the exact attribute name, URL-encoded by the caller (e.g. `urn%3Aoid%3A…`); Next.js decodes it once.
type Params = { name: string };

export const GET = withAdmin<Params>(async (_req, { params }) => getAttribute(getDb(), params.name), { permission: 'read' });

export const PATCH = withAdmin<Params>(
  async (req, { caller, params }) => updateAttribute(getDb(), caller.actor, params.name, await readJson(req)),
  { permission: 'write' },
);

/** Idempotent: 204 whether the attribute was deleted or did not exist. */
export const DELETE = withAdmin<Params>(
  async (_req, { caller, params }) => {
    await deleteAttribute(getDb(), caller.actor, params.name);
    return undefined;
  },
  { permission: 'write' },
);
