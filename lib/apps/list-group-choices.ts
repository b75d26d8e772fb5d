import type { Db } from '../db';
import { byName } from './application-name';

/** Every group, by name: what an application can be entitled to. */
export async function listGroupChoices(db: Db): Promise<{ id: string; name: string }[]> {
  const groups = await db.group.findMany({ select: { id: true, name: true } });
  return groups.sort((a, b) => byName.compare(a.name, b.name));
}
