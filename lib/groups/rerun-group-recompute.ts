import type { Db } from '../db';
import { AppError } from '../api/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { enqueueGroupRecompute } from './enqueue-group-recompute';
import { activeRecomputes, pickRecompute } from './get-group';

/**
 * Runs the membership recompute of a group's current rules again, after it failed (or to be sure): a failed job is
 * queued again where it stopped (its cursor kept, its attempts reset); a job already queued or running is left as
 * it is; without either, a new job is queued. Audited.
 */
export async function rerunGroupRecompute(db: Db, actor: AuditActor, groupId: string): Promise<{ jobId: string }> {
  return db.$transaction(async (tx) => {
    const group = await tx.group.findUnique({ where: { id: groupId }, select: { id: true, name: true, rulesVersion: true } });
    if (!group) throw new AppError('not_found', 'No such group.');
    const current = pickRecompute(await activeRecomputes(tx), group);
    if (current && current.status !== 'failed' && current.rulesVersion === group.rulesVersion) return { jobId: current.jobId };

    let jobId: string;
    if (current?.status === 'failed') {
      await tx.job.update({
        where: { id: current.jobId },
        data: { status: 'queued', attempts: 0, error: null, lockedBy: null, lockedUntil: null, finishedAt: null },
        select: { id: true },
      });
      jobId = current.jobId;
    } else {
      ({ id: jobId } = await enqueueGroupRecompute(tx, { groupId, rulesVersion: group.rulesVersion }));
    }
    await recordAuditEvent(tx, {
      actor,
      action: 'group.recompute.rerun',
      outcome: 'success',
      target: { type: 'group', id: groupId, label: group.name },
      details: { jobId, resumed: current?.status === 'failed', ...(current?.error ? { previousError: current.error } : {}) },
    });
    return { jobId };
  });
}
