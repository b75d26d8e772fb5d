import { z } from 'zod';
import { readJobPayload } from '../jobs/read-job-payload';

export const GROUP_RECOMPUTE_JOB = 'group.recompute';

const payloadSchema = z.object({ groupId: z.string().min(1), rulesVersion: z.number().int() });
export type RecomputePayload = z.infer<typeof payloadSchema>;

/** The payload of a `group.recompute` job: which group, and the rules version it applies. */
export function readRecomputePayload(payload: unknown): RecomputePayload | null {
  return readJobPayload(payloadSchema, payload);
}
