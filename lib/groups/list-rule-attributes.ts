import type { Db } from '../db';

/** The attributes a rule can test: every defined user attribute, in the User Attributes page's order. */
export async function listRuleAttributes(db: Db): Promise<{ name: string; displayName: string }[]> {
  return db.userAttributeDefinition.findMany({
    select: { name: true, displayName: true },
    orderBy: [{ position: 'asc' }, { name: 'asc' }],
  });
}
