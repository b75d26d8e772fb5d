import type { Tx } from '../db';
import { enqueueJob } from '../jobs/enqueue-job';
import { GROUP_RECOMPUTE_JOB, type RecomputePayload } from './recompute-payload';

/** Queues the membership recomputation of a group's rules version; call it in the transaction that changed the rules. */
export function enqueueGroupRecompute(tx: Tx, payload: RecomputePayload): Promise<{ id: string }> {
  return enqueueJob(tx, { type: GROUP_RECOMPUTE_JOB, payload });
}
