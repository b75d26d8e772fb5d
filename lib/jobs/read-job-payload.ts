import type { z } from 'zod';

/**
 * A job's payload checked against its type's schema, from the table's JSON text or as the runner passes it (parsed);
 * null when it is neither valid JSON nor of that shape.
 */
export function readJobPayload<T>(schema: z.ZodType<T>, payload: unknown): T | null {
  let value = payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
