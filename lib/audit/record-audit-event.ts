import type { Db, Tx } from '../db';

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
  await db.auditEvent.create({ data: toRow(event) });
}

/** Writes several audit events of one change in one statement. */
export async function recordAuditEvents(db: Db | Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 1 && events[0]) await recordAuditEvent(db, events[0]);
  else if (events.length > 1) await db.auditEvent.createMany({ data: events.map(toRow) });
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
