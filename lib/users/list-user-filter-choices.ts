import type { Db } from '../db';
import { byName } from '../apps/application-name';
import { listGroupChoices } from '../apps/list-group-choices';

/** What the Users page's filters offer: directories and their domains, groups, and the defined user attributes. */
export async function listUserFilterChoices(db: Db) {
  const [directories, groups, attributes] = await Promise.all([
    db.directory.findMany({ select: { id: true, name: true, domains: { select: { name: true } } } }),
    listGroupChoices(db),
    db.userAttributeDefinition.findMany({ select: { name: true, displayName: true }, orderBy: [{ position: 'asc' }, { name: 'asc' }] }),
  ]);
  const sorted = directories.sort((a, b) => byName.compare(a.name, b.name));
  return {
    directories: sorted.map(({ id, name }) => ({ id, name })),
    domains: sorted.flatMap((directory) => directory.domains.map((domain) => domain.name)).sort(),
    groups,
    attributes,
  };
}

export type UserFilterChoices = Awaited<ReturnType<typeof listUserFilterChoices>>;
