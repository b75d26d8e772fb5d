import { isPostgres, type Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { deleteLock, inUseLock } from './attribute-rules';
import { findAttributeUsage } from './list-attributes';
import { takeWriteLock } from '../groups/write-lock';

/**
 * Deletes a custom attribute (idempotent: an unknown name deletes nothing). Built-in attributes
 * stay, and so does an attribute that group rules still use (they would silently stop matching).
 * Values already stored on users are not touched here (a directory may hold millions); each user's next
 * sign-in keeps only defined attributes, so it drops them (recorded as a change in its `user.update` audit
 * event), the portal no longer shows them, and an attribute created later under the same name starts empty.
 */
export async function deleteAttribute(db: Db, actor: AuditActor, name: string): Promise<{ deleted: boolean }> {
  const postgres = isPostgres(db);
  return db.$transaction(async (tx) => {
    // Serialized with group rule changes (see assertRulesUsable): SQLite's write lock first; on PostgreSQL the
    // definition's row lock, taken before the in-use check, so rules saved at the same moment are seen or refused.
    await takeWriteLock(tx, postgres);
    if (postgres) await tx.$queryRaw`SELECT "id" FROM "UserAttributeDefinition" WHERE "name" = ${name} FOR UPDATE`;
    const definition = await tx.userAttributeDefinition.findUnique({ where: { name } });
    if (!definition) return { deleted: false };
    const lock = deleteLock(definition);
    if (lock) throw new AppError('conflict', lock);
    const usage = (await findAttributeUsage(tx, [name])).get(name);
    const inUse = usage ? inUseLock(name, usage.ruleCount, usage.groupNames) : null;
    if (inUse) throw new AppError('conflict', inUse, { ruleCount: usage?.ruleCount, groups: usage?.groupNames });

    await tx.userAttributeDefinition.delete({ where: { id: definition.id } });
    await recordAuditEvent(tx, {
      actor,
      action: 'attribute.delete',
      outcome: 'success',
      target: { type: 'attribute', id: definition.id, label: definition.name },
      details: {
        before: {
          name: definition.name,
          displayName: definition.displayName,
          required: definition.required,
          multiValued: definition.multiValued,
        },
      },
    });
    return { deleted: true };
  });
}
