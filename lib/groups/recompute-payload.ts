import { z } from 'zod';

export const GROUP_RECOMPUTE_JOB = 'group.recompute';

const payloadSchema = z.object({ groupId: z.string().min(1), rulesVersion: z.number().int() });
export type RecomputePayload = z.infer<typeof payloadSchema>;

/** The payload of a `group.recompute` job: which group, and the rules version it applies. */
export function readRecomputePayload(payload: unknown): RecomputePayload | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = payloadSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
