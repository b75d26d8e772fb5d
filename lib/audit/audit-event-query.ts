import { z } from 'zod';

/**
 * Event types offered by the Audit Log filter and the API's `type` parameter: each names a set of
 * actions, either exact (`actions`) or by prefix (`prefix`, minus `except`). A new action under an
 * existing prefix (e.g. `idp.certificate.rotate`) joins its type without a change here.
 */
export const AUDIT_EVENT_TYPES = {
  'admin-signin': { label: 'Admin sign-ins', actions: ['admin.signin'] },
  admin: { label: 'Administrators', prefix: 'admin.', except: ['admin.signin'] },
  idp: { label: 'Identity providers', prefix: 'idp.' },
  directory: { label: 'Directories', prefix: 'directory.' },
  user: { label: 'Users', prefix: 'user.' },
  'signin-refused': { label: 'Refused sign-ins', actions: ['signin.refused'] },
} as const satisfies Record<string, { label: string; actions?: readonly string[]; prefix?: string; except?: readonly string[] }>;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;
const TYPE_KEYS = Object.keys(AUDIT_EVENT_TYPES) as [AuditEventType, ...AuditEventType[]];

export const AUDIT_OUTCOMES = ['success', 'failure'] as const;

export const AUDIT_PAGE_DEFAULT_LIMIT = 50;
export const AUDIT_PAGE_MAX_LIMIT = 200;

/** An empty form field (`?user=`) means "no filter", as a GET form sends every field. */
export function blankAsMissing<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
}

const OFFSET = /(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant: ISO date-time with an offset, or without one (as `<input type="datetime-local">` sends it,
 * minutes or seconds), or a date; no offset means UTC, as the console shows every time in UTC.
 */
export const instantSchema = z
  .union([z.iso.datetime({ offset: true, local: true }), z.iso.date()], {
    error: 'Use an ISO 8601 date or date-time, e.g. 2026-01-31T09:30:00Z',
  })
  .transform((value) => {
    if (!value.includes('T')) return new Date(`${value}T00:00:00Z`);
    return new Date(OFFSET.test(value) ? value : `${value}Z`);
  });

export const auditEventFiltersSchema = z
  .object({
    type: blankAsMissing(z.enum(TYPE_KEYS, { error: `Unknown event type; use one of ${TYPE_KEYS.join(', ')}` })),
    action: blankAsMissing(
      z
        .string()
        .trim()
        .max(100)
        .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'Give an exact action, e.g. idp.create'),
    ),
    idpId: blankAsMissing(z.string().trim().max(100, 'Unknown identity provider id')),
    user: blankAsMissing(z.string().trim().max(200, 'Search with at most 200 characters')),
    outcome: blankAsMissing(z.enum(AUDIT_OUTCOMES, { error: 'The outcome is success or failure' })),
    from: blankAsMissing(instantSchema),
    to: blankAsMissing(instantSchema),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: 'The end of the time range must be after its start', path: ['to'] });

export type AuditEventFilters = z.output<typeof auditEventFiltersSchema>;
export type AuditEventFiltersInput = z.input<typeof auditEventFiltersSchema>;

export type AuditCursor = { createdAt: Date; id: string };

/** Opaque to callers: base64url of `[createdAt ISO, id]`, the last row of the previous page. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

const cursorPayload = z.tuple([z.iso.datetime(), z.string().min(1).max(100)]);

export function decodeAuditCursor(value: string): AuditCursor | null {
  try {
    const parsed = cursorPayload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? { createdAt: new Date(parsed.data[0]), id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

export const auditEventPageSchema = z.object({
  cursor: blankAsMissing(
    z
      .string()
      .max(400)
      .transform((value, ctx) => {
        const cursor = decodeAuditCursor(value);
        if (!cursor) {
          ctx.addIssue({ code: 'custom', message: 'The cursor is not valid; start again from the first page' });
          return z.NEVER;
        }
        return cursor;
      }),
  ),
  limit: blankAsMissing(
    z.coerce
      .number({ error: `Use a whole number between 1 and ${AUDIT_PAGE_MAX_LIMIT}` })
      .int(`Use a whole number between 1 and ${AUDIT_PAGE_MAX_LIMIT}`)
      .min(1, `Use a whole number between 1 and ${AUDIT_PAGE_MAX_LIMIT}`)
      .max(AUDIT_PAGE_MAX_LIMIT, `Use a whole number between 1 and ${AUDIT_PAGE_MAX_LIMIT}`),
  ),
});

export type AuditEventPageInput = z.input<typeof auditEventPageSchema>;

/**
 * A query string (URLSearchParams or Next's `searchParams`) as plain strings, for the two schemas above;
 * a repeated parameter counts once (its first value).
 */
export function queryRecord(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const record: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) record[key] ??= value;
    return record;
  }
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) record[key] = first;
  }
  return record;
}
