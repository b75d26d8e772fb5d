import type { Db } from '../db';
import { writeTransaction } from '../groups/write-lock';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { updateAttributeSchema } from './attribute-schemas';
import { multiValuedLock, requiredLock } from './attribute-rules';
import { attributeNotFound, getAttribute, type AttributeView } from './list-attributes';

const FIELDS = ['displayName', 'required', 'multiValued'] as const;

/**
 * Changes the display name, `required` or `multiValued` of an attribute (built-in ones included).
 * JIT provisioning reads the definitions at every sign-in, so a change applies from the next one.
 * Names are not changed: a rename is a delete and a create, so that nothing matches a new name by surprise.
 */
export async function updateAttribute(db: Db, actor: AuditActor, name: string, input: unknown): Promise<AttributeView> {
  const data = updateAttributeSchema.parse(input);
  await writeTransaction(db, async (tx) => {
    const before = await tx.userAttributeDefinition.findUnique({ where: { name } });
    if (!before) throw attributeNotFound(name);
    if (data.name !== undefined && data.name !== before.name) {
      throw new AppError(
        'validation_failed',
        before.builtIn
          ? `${before.name} is a built-in attribute and cannot be renamed.`
          : 'Attributes are not renamed: delete this one and add one with the new name.',
      );
    }
    if (data.required === false) {
      const lock = requiredLock(before);
      if (lock) throw new AppError('validation_failed', lock);
    }
    if (data.multiValued === true && !before.multiValued) {
      const lock = multiValuedLock(before);
      if (lock) throw new AppError('validation_failed', lock);
    }

    const changed = FIELDS.filter((field) => data[field] !== undefined && data[field] !== before[field]);
    if (changed.length === 0) return; // nothing to change, nothing to record
    const after = await tx.userAttributeDefinition.update({
      where: { id: before.id },
      data: { displayName: data.displayName, required: data.required, multiValued: data.multiValued },
    });
    await recordAuditEvent(tx, {
      actor,
      action: 'attribute.update',
      outcome: 'success',
      target: { type: 'attribute', id: after.id, label: after.name },
      details: {
        before: Object.fromEntries(changed.map((field) => [field, before[field]])),
        after: Object.fromEntries(changed.map((field) => [field, after[field]])),
      },
    });
  });
  return getAttribute(db, name);
}
