import type { Db, Tx } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { isUniqueViolation } from '../directories/domain-conflicts';
import { createAttributeSchema } from './attribute-schemas';
import { multiValuedLock } from './attribute-rules';
import { getAttribute, type AttributeView } from './list-attributes';
import { writeTransaction } from '../groups/write-lock';

/**
 * Names are unique exactly as typed, but a name that differs from an existing one only by case is
 * refused too: both would look alike to admins while matching different assertion attributes.
 */
async function assertNameFree(tx: Tx, name: string): Promise<void> {
  const existing = await tx.userAttributeDefinition.findMany({ select: { name: true } });
  if (existing.some((row) => row.name === name)) throw new AppError('conflict', `A user attribute named ${name} already exists.`);
  const lookalike = existing.find((row) => row.name.toLowerCase() === name.toLowerCase());
  if (lookalike) {
    throw new AppError(
      'conflict',
      `${name} differs from the existing attribute ${lookalike.name} only by case. Names are matched exactly, so use ${lookalike.name}, or a clearly different name.`,
    );
  }
}

/** Adds a custom user attribute, last in display order; JIT provisioning uses it from the next sign-in. */
export async function createAttribute(db: Db, actor: AuditActor, input: unknown): Promise<AttributeView> {
  const data = createAttributeSchema.parse(input);
  try {
    await writeTransaction(db, async (tx) => {
      await assertNameFree(tx, data.name);
      const lock = data.multiValued ? multiValuedLock({ name: data.name, builtIn: false }) : null;
      if (lock) throw new AppError('validation_failed', lock);
      const last = await tx.userAttributeDefinition.aggregate({ _max: { position: true } });
      const created = await tx.userAttributeDefinition.create({
        data: { ...data, builtIn: false, position: (last._max.position ?? -1) + 1 },
      });
      // Values left on users by an earlier attribute of this name (deleted since, and dropped only at each
      // user's next sign-in) must not count for the new one: it starts empty and fills at sign-ins.
      await tx.userAttributeValue.deleteMany({ where: { name: created.name } });
      await recordAuditEvent(tx, {
        actor,
        action: 'attribute.create',
        outcome: 'success',
        target: { type: 'attribute', id: created.id, label: created.name },
        details: {
          after: { name: created.name, displayName: created.displayName, required: created.required, multiValued: created.multiValued },
        },
      });
    });
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides, the loser reads the same conflict.
    if (isUniqueViolation(error)) throw new AppError('conflict', `A user attribute named ${data.name} already exists.`);
    throw error;
  }
  return getAttribute(db, data.name);
}
