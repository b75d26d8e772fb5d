import type { Metadata } from 'next';
import { z } from 'zod';
import { AddLocalUserForm } from '@/components/users/add-local-user-form';
import { UserFilterBar, USER_FILTER_KEYS, type UserFilterValues } from '@/components/users/user-filter-bar';
import { CursorPager } from '@/components/console/cursor-pager';
import { UserTable } from '@/components/users/user-table';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState } from '@/components/ui/table';
import { toErrorBody } from '@/lib/api/errors';
import { queryRecord } from '@/lib/audit/audit-event-query';
import { roleAllows } from '@/lib/auth/roles';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { listUserFilterChoices } from '@/lib/users/list-user-filter-choices';
import { listUsers, type UserPage } from '@/lib/users/list-users';

export const metadata: Metadata = { title: 'Users' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function UsersPage({ searchParams }: Props) {
  const admin = await requireAdminPage('read', '/admin/users');
  const query = queryRecord(await searchParams);
  const filters: UserFilterValues = {};
  for (const key of USER_FILTER_KEYS) if (query[key] !== undefined) filters[key] = query[key];

  const db = getDb();
  const choices = await listUserFilterChoices(db);
  let page: UserPage | null = null;
  let invalid: { message: string; fields: Record<string, string> } | null = null;
  try {
    page = await listUsers(db, query, query);
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    const { body } = toErrorBody(error);
    invalid = { message: body.error.message, fields: body.error.fields ?? {} };
  }

  const filtered = Object.entries(filters).some(([key, value]) => key !== 'limit' && value.trim() !== '');
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone who signed in through an identity provider with JIT provisioning, and local users. JIT users are managed by their IdP: they are read-only here."
        actions={roleAllows(admin.role, 'write') ? <AddLocalUserForm /> : undefined}
      />
      <Card>
        <UserFilterBar values={filters} choices={choices} errors={invalid?.fields} />
        <div className="border-t border-slate-200">
          {invalid ? (
            <div className="p-5">
              <Alert tone="error" title="This search cannot be run">
                {invalid.message}
              </Alert>
            </div>
          ) : page && page.data.length > 0 ? (
            <>
              <UserTable users={page.data} />
              <CursorPager basePath="/admin/users" filters={filters} paged={Boolean(query.cursor)} nextCursor={page.nextCursor} />
            </>
          ) : (
            <>
              <EmptyState
                title={filtered ? 'No users match' : 'No users yet'}
                description={
                  filtered
                    ? 'Search for the start of a user name, email or name, or clear a filter.'
                    : 'Users appear here after their first sign-in through an identity provider with JIT provisioning.'
                }
              />
              <CursorPager basePath="/admin/users" filters={filters} paged={Boolean(query.cursor)} nextCursor={null} />
            </>
          )}
        </div>
      </Card>
    </>
  );
}
