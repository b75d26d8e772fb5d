import type { Db } from '../db';
import { writeTransaction } from '../groups/write-lock';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { setEntitlementsSchema } from './app-schemas';
import { byName } from './application-name';

export type EntitlementsView = { groupIds: string[]; groups: { id: string; name: string }[] };

function view(groups: { id: string; name: string }[]): EntitlementsView {
  const sorted = [...groups].sort((a, b) => byName.compare(a.name, b.name));
  return { groupIds: sorted.map((g) => g.id), groups: sorted };
}

export async function getApplicationEntitlements(db: Db, applicationId: string): Promise<EntitlementsView> {
  const app = await db.application.findUnique({
    where: { id: applicationId },
    select: { entitlements: { select: { group: { select: { id: true, name: true } } } } },
  });
  if (!app) throw new AppError('not_found', 'No such application.');
  return view(app.entitlements.map((e) => e.group));
}

/**
 * PUT semantics: `groupIds` is the complete set of groups entitled to the application. Unknown ids
 * are refused all together (nothing changes); sending the same set again changes nothing.
 */
export async function setApplicationEntitlements(
  db: Db,
  actor: AuditActor,
  applicationId: string,
  input: unknown,
): Promise<EntitlementsView> {
  const { groupIds } = setEntitlementsSchema.parse(input);
  try {
    return await writeTransaction(db, async (tx) => {
      const app = await tx.application.findUnique({
        where: { id: applicationId },
        select: { id: true, name: true, entitlements: { select: { group: { select: { id: true, name: true } } } } },
      });
      if (!app) throw new AppError('not_found', 'No such application.');
      const groups = await tx.group.findMany({ where: { id: { in: groupIds } }, select: { id: true, name: true } });
      const known = new Set(groups.map((g) => g.id));
      const unknown = groupIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new AppError('validation_failed', `No such group${unknown.length === 1 ? '' : 's'}: ${unknown.join(', ')}.`);
      }

      const before = app.entitlements.map((e) => e.group);
      const current = new Set(before.map((g) => g.id));
      const removed = before.filter((g) => !known.has(g.id));
      const added = groups.filter((g) => !current.has(g.id));
      if (removed.length === 0 && added.length === 0) return view(before);

      if (removed.length > 0) {
        await tx.entitlement.deleteMany({ where: { applicationId, groupId: { in: removed.map((g) => g.id) } } });
      }
      if (added.length > 0) {
        await tx.entitlement.createMany({ data: added.map((g) => ({ applicationId, groupId: g.id })) });
      }
      const names = (list: { name: string }[]) => list.map((g) => g.name).sort((a, b) => byName.compare(a, b));
      await recordAuditEvent(tx, {
        actor,
        action: 'application.entitlements',
        outcome: 'success',
        target: { type: 'application', id: app.id, label: app.name },
        details: { before: names(before), after: names(groups), added: names(added), removed: names(removed) },
      });
      return view(groups);
    });
  } catch (error) {
    // Another change in between (a group deleted: foreign key; the same PUT at once: primary key) reads as a conflict, not a 500.
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : null;
    if (code === 'P2003' || code === 'P2002') {
      throw new AppError('conflict', 'The entitlements or groups changed while saving. Reload and try again.');
    }
    throw error;
  }
}
