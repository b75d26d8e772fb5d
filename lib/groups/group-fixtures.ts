/** Test data for the group tests: attribute definitions, a directory, users with attribute values. */
import type { Db } from '../db';
import { uniqueName } from '../testing/databases';

/** Defines user attributes (idempotent: test files share one database). */
export async function defineAttributes(db: Db, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await db.userAttributeDefinition.upsert({ where: { name }, create: { name, displayName: name, multiValued: true }, update: {} });
  }
}

export async function createDirectory(db: Db): Promise<{ id: string; name: string }> {
  const name = uniqueName('Dir');
  const directory = await db.directory.create({ data: { name, type: 'local' } });
  return { id: directory.id, name };
}

/** Users with their attribute values (userName and email are attribute values too, as JIT stores them). */
export async function createUsers(
  db: Db,
  directoryId: string,
  users: readonly { userName: string; attributes?: Record<string, string[]> }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const user of users) {
    const email = `${user.userName}@example.test`;
    const attributes: Record<string, string[]> = { userName: [user.userName], email: [email], ...user.attributes };
    const created = await db.user.create({
      data: {
        directoryId,
        userName: user.userName,
        email,
        attributes: {
          create: Object.entries(attributes).flatMap(([name, values]) => values.map((value, position) => ({ name, value, position }))),
        },
      },
      select: { id: true },
    });
    ids.push(created.id);
  }
  return ids;
}
