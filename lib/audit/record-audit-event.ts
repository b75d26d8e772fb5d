import { createId } from '../create-id';
import type { Db, Tx } from '../db';
import { Prisma } from '../generated/prisma-sqlite/client.ts';

export type AuditActor =
  | { type: 'admin'; id: string; label: string }
  | { type: 'user'; id: string; label: string }
  | { type: 'api'; id: string; label: string }
  | { type: 'system' }
  | { type: 'anonymous'; label?: string };

export type AuditEventInput = {
  actor: AuditActor;
  action: string;
  outcome: 'success' | 'failure';
  target?: { type: string; id?: string | null; label?: string | null };
  idpId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
};

/** Writes one audit event; pass the transaction when the event belongs to a change. */
export async function recordAuditEvent(db: Db | Tx, event: AuditEventInput): Promise<void> {
  await recordAuditEvents(db, [event]);
}

/**
 * Writes several audit events of one change in one statement. Raw SQL: every sign-in writes its events through
 * here, and the model API costs about twice the CPU per statement.
 */
export async function recordAuditEvents(db: Db | Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const now = new Date();
  const rows = events.map((event) => {
    const row = toRow(event);
    return Prisma.sql`(${createId()}, ${now}, ${row.actorType}, ${row.actorId}, ${row.actorLabel}, ${row.action}, ${row.targetType},
      ${row.targetId}, ${row.targetLabel}, ${row.outcome}, ${row.idpId}, ${row.reason}, ${row.details})`;
  });
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("id", "createdAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId",
      "targetLabel", "outcome", "idpId", "reason", "details")
    VALUES ${Prisma.join(rows)}`;
}

function toRow(event: AuditEventInput) {
  const { actor } = event;
  return {
    actorType: actor.type,
    actorId: 'id' in actor ? actor.id : null,
    actorLabel: 'label' in actor ? (actor.label ?? null) : null,
    action: event.action,
    outcome: event.outcome,
    targetType: event.target?.type ?? null,
    targetId: event.target?.id ?? null,
    targetLabel: event.target?.label ?? null,
    idpId: event.idpId ?? null,
    reason: event.reason ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
  };
}
