import { getDb } from '@/lib/db';
import { readJson, withAdmin } from '@/lib/api/with-admin';
import { previewGroupRules } from '@/lib/groups/preview-group-rules';

/** `{ matchMode, rules }` → how many users would match (within a time budget) and a sample of them. Nothing is saved. */
export const POST = withAdmin(async (req) => previewGroupRules(getDb(), await readJson(req)), { permission: 'write' });
