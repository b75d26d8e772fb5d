import type { Metadata } from 'next';
import { z } from 'zod';
import { AuditEventTable } from '@/components/audit/audit-event-table';
import { AuditFilterBar, type AuditFilterValues } from '@/components/audit/audit-filter-bar';
import { CursorPager } from '@/components/console/cursor-pager';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/table';
import { toErrorBody } from '@/lib/api/errors';
import { auditEventFiltersSchema, queryRecord } from '@/lib/audit/audit-event-query';
import { listAuditEvents, type AuditEventPage } from '@/lib/audit/list-audit-events';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { listIdentityProviders } from '@/lib/idp/get-identity-provider';

export const metadata: Metadata = { title: 'Audit Log' };

const FILTER_KEYS = ['type', 'action', 'idpId', 'user', 'outcome', 'from', 'to', 'limit'] as const;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AuditLogPage({ searchParams }: Props) {
  await requireAdminPage('read', '/admin/audit');
  const query = queryRecord(await searchParams);
  const filters: AuditFilterValues = {};
  for (const key of FILTER_KEYS) if (query[key] !== undefined) filters[key] = query[key];

  const db = getDb();
  const idps = (await listIdentityProviders(db)).map(({ id, name }) => ({ id, name }));
  let page: AuditEventPage | null = null;
  let invalid: { message: string; fields: Record<string, string> } | null = null;
  try {
    page = await listAuditEvents(db, query, query);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const { body } = toErrorBody(error);
    invalid = { message: body.error.message, fields: body.error.fields ?? {} };
  }

  const filtered = Object.entries(filters).some(([key, value]) => key !== 'limit' && value.trim() !== '');
  return (
    <>
      <PageHeader title="Audit Log" description="Every sign-in and every change, newest first. Times are in UTC." />
      <Card>
        <AuditFilterBar values={formValues(filters)} idps={idps} errors={invalid?.fields} />
        <div className="border-t border-slate-200">
          {invalid ? (
            <div className="p-5">
              <Alert tone="error" title="These filters cannot be applied">
                {invalid.message}
              </Alert>
            </div>
          ) : page && page.data.length > 0 ? (
            <>
              <AuditEventTable events={page.data} idpNames={Object.fromEntries(idps.map((idp) => [idp.id, idp.name]))} />
              <CursorPager basePath="/admin/audit" filters={filters} paged={Boolean(query.cursor)} nextCursor={page.nextCursor} />
            </>
          ) : (
            <>
              <EmptyState
                title={filtered ? 'No events match these filters' : 'No events yet'}
                description={filtered ? 'Widen the time range or clear a filter.' : 'Sign-ins and changes will appear here.'}
              />
              <CursorPager basePath="/admin/audit" filters={filters} paged={Boolean(query.cursor)} nextCursor={null} />
            </>
          )}
        </div>
      </Card>
    </>
  );
}

/** Times given with an offset (API style) are shown as the UTC wall time a datetime-local field can hold. */
function formValues(filters: AuditFilterValues): AuditFilterValues {
  const parsed = auditEventFiltersSchema.safeParse(filters);
  if (!parsed.success) return filters;
  const local = (date: Date | undefined, raw: string | undefined) =>
    date ? date.toISOString().slice(0, date.getUTCSeconds() || date.getUTCMilliseconds() ? 19 : 16) : raw;
  return { ...filters, from: local(parsed.data.from, filters.from), to: local(parsed.data.to, filters.to) };
}
