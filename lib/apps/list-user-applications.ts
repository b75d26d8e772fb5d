import type { Db } from '../db';
import { byName } from './application-name';

export type PortalApplication = { id: string; name: string; description: string; iconUrl: string | null };

/** Rule 13: the applications entitled to any of the user's groups, each once, by name. */
export async function listUserApplications(db: Db, userId: string): Promise<PortalApplication[]> {
  const rows = await db.application.findMany({
    where: { entitlements: { some: { group: { memberships: { some: { userId } } } } } },
    select: { id: true, name: true, description: true, iconUrl: true },
  });
  return rows.sort((a, b) => byName.compare(a.name, b.name));
}
