import { isPostgres, type Db } from '../db';
import {
  AUDIT_EVENT_TYPES,
  AUDIT_PAGE_DEFAULT_LIMIT,
  auditEventFiltersSchema,
  auditEventPageSchema,
  encodeAuditCursor,
  type AuditCursor,
  type AuditEventFilters,
  type AuditEventFiltersInput,
  type AuditEventPageInput,
} from './audit-event-query';

type AuditEventWhere = NonNullable<NonNullable<Parameters<Db['auditEvent']['findMany']>[0]>['where']>;
type AuditEventRow = Awaited<ReturnType<Db['auditEvent']['findMany']>>[number];

// (createdAt, id) is a total order, so a page boundary is exact even when many events share a millisecond.
const ORDER = [{ createdAt: 'desc' }, { id: 'desc' }] as const;

/**
 * Audit events, newest first, a page at a time. `filters` and `page` are validated here (ZodError → 422):
 * see `auditEventFiltersSchema`. `nextCursor` is null on the last page. Events inserted while someone pages
 * sort before the cursor, so later pages neither repeat nor skip anything.
 */
export async function listAuditEvents(db: Db, filters: AuditEventFiltersInput, page: AuditEventPageInput = {}) {
  const f = auditEventFiltersSchema.parse(filters);
  const { cursor, limit = AUDIT_PAGE_DEFAULT_LIMIT } = auditEventPageSchema.parse(page);
  const postgres = isPostgres(db);
  const where = filtersWhere(f, postgres);
  const recheck = f.user !== undefined && !postgres && /[%_]/.test(f.user) ? sqliteRecheck(f.user) : null;

  // One query, unless SQLite over-matched a search with % or _ and rows had to be dropped: then read on.
  const rows: AuditEventRow[] = [];
  let after: AuditCursor | undefined = cursor;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: after ? { AND: [where, olderThan(after)] } : where,
      orderBy: [...ORDER],
      take: limit + 1,
    });
    rows.push(...(recheck ? batch.filter(recheck) : batch));
    const last = batch.at(-1);
    if (rows.length > limit || batch.length <= limit || !last) break;
    after = { createdAt: last.createdAt, id: last.id };
  }

  const shown = rows.slice(0, limit);
  const lastShown = shown.at(-1);
  return {
    data: shown.map(presentAuditEvent),
    nextCursor: rows.length > limit && lastShown ? encodeAuditCursor(lastShown) : null,
  };
}

export type AuditEventPage = Awaited<ReturnType<typeof listAuditEvents>>;
export type AuditEventView = AuditEventPage['data'][number];

function olderThan({ createdAt, id }: AuditCursor): AuditEventWhere {
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

function filtersWhere(f: AuditEventFilters, postgres: boolean): AuditEventWhere {
  const and: AuditEventWhere[] = [];
  if (f.type) {
    const type: { actions?: readonly string[]; prefix?: string; except?: readonly string[] } = AUDIT_EVENT_TYPES[f.type];
    if (type.actions) and.push({ action: { in: [...type.actions] } });
    if (type.prefix) and.push({ action: { startsWith: type.prefix } });
    if (type.except) and.push({ NOT: { action: { in: [...type.except] } } });
  }
  if (f.action) and.push({ action: f.action });
  if (f.idpId) and.push({ idpId: f.idpId });
  if (f.outcome) and.push({ outcome: f.outcome });
  if (f.from) and.push({ createdAt: { gte: f.from } });
  if (f.to) and.push({ createdAt: { lt: f.to } });
  if (f.user) {
    const match = labelContains(f.user, postgres);
    and.push({ OR: [{ actorLabel: match }, { targetLabel: match }] });
  }
  return { AND: and };
}

/*
 * Case-insensitive "contains" on both databases (ADR 001: PostgreSQL's `mode` stays behind a function).
 * Prisma puts the term into a LIKE pattern without escaping it:
 * - PostgreSQL: ILIKE (`mode: 'insensitive'`, full Unicode case folding); `\`, `%` and `_` are escaped
 *   with LIKE's default escape character, so the match is exact (an ADFS `ACME\jsmith` included).
 * - SQLite: LIKE, which folds ASCII letters only (É ≠ é) and has no escape character, so `\` is
 *   literal but `%` and `_` are wildcards: those terms over-match and `sqliteRecheck` drops the extras.
 */
function labelContains(term: string, postgres: boolean) {
  if (!postgres) return { contains: term };
  // Built apart from the return type: the shared `Db` type is SQLite's, which has no `mode`.
  const filter = { contains: term.replace(/[\\%_]/g, '\\$&'), mode: 'insensitive' as const };
  return filter;
}

function sqliteRecheck(term: string): (row: AuditEventRow) => boolean {
  const needle = asciiLower(term);
  return (row) => [row.actorLabel, row.targetLabel].some((label) => label !== null && asciiLower(label).includes(needle));
}

/** SQLite's LIKE case folding: A–Z only. */
function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export function presentAuditEvent(row: AuditEventRow) {
  return { ...row, details: parseDetails(row.details) };
}

/** `details` is JSON text written by `recordAuditEvent`; anything else is returned as written. */
function parseDetails(details: string | null): unknown {
  if (details === null) return null;
  try {
    const parsed: unknown = JSON.parse(details);
    return parsed;
  } catch {
    return details;
  }
}
