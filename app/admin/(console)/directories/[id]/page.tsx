import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DeleteDirectorySection } from '@/components/directories/delete-directory-section';
import { DeletionProgress } from '@/components/directories/deletion-progress';
import { Badge } from '@/components/ui/badge';
import { Button, buttonClasses } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, Input, fieldDescribedBy } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { AppError, toErrorBody } from '@/lib/api/errors';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { STALE_DAYS_DEFAULT } from '@/lib/directories/directory-schemas';
import type { DirectoryView } from '@/lib/directories/directory-view';
import { getDirectory } from '@/lib/directories/get-directory';
import { listStaleUsers, type StaleUserPage } from '@/lib/directories/list-stale-users';

export const metadata: Metadata = { title: 'Directory' };

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const when = (date: Date | null) => (date ? `${time.format(date)} UTC` : 'Never');

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DirectoryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { days } = await searchParams;
  const admin = await requireAdminPage('read', `/admin/directories/${id}`);
  const db = getDb();
  let directory: DirectoryView;
  try {
    directory = await getDirectory(db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const daysInput = typeof days === 'string' ? days : '';
  let stale: StaleUserPage | null = null;
  let staleError: string | null = null;
  try {
    stale = await listStaleUsers(db, id, { days: daysInput });
  } catch (error) {
    // A bad number of days is the admin's typo: say so next to the form.
    const { status, body } = toErrorBody(error);
    if (status >= 500) throw error;
    staleError = body.error.message;
  }
  const canWrite = roleAllows(admin.role, 'write');
  const deleting = directory.state.kind === 'deleting' ? directory.state : null;
  const users = directory.userCount.toLocaleString('en-US');

  return (
    <>
      <PageHeader
        title={directory.name}
        description={
          directory.type === 'jit'
            ? `JIT directory: its users are created and updated by ${directory.idp?.name ?? 'its identity provider'} at sign-in.`
            : 'Local directory: its users are managed by admins.'
        }
        actions={deleting ? <Badge tone="warning">Being deleted</Badge> : <Badge tone="success">Active</Badge>}
      />
      <div className="space-y-6">
        {deleting ? (
          <Card>
            <CardHeader
              title="Deleting"
              description="Its identity provider signs nobody in and its users are signed out; the users are deleted in the background, then its domains and the directory."
            />
            <CardBody>
              <DeletionProgress directoryId={directory.id} initial={deleting} redirectTo="/admin/directories" canRetry={canWrite} />
            </CardBody>
          </Card>
        ) : null}

        <Card>
          <CardHeader title="Overview" />
          <CardBody>
            <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]" aria-label="Directory">
              <dt className="font-medium text-slate-500">Type</dt>
              <dd>{directory.type === 'jit' ? 'JIT' : 'Local'}</dd>
              <dt className="font-medium text-slate-500">Identity provider</dt>
              <dd>
                {directory.idp ? (
                  <Link href={`/admin/identity-providers/${directory.idp.id}`} className="text-brand-700 hover:underline">
                    {directory.idp.name}
                  </Link>
                ) : (
                  '—'
                )}
              </dd>
              <dt className="font-medium text-slate-500">Users</dt>
              <dd className="tabular-nums">{users}</dd>
              <dt className="font-medium text-slate-500">Last sign-in</dt>
              <dd>{when(directory.lastSignInAt)}</dd>
              <dt className="font-medium text-slate-500">Created</dt>
              <dd>{when(directory.createdAt)}</dd>
            </dl>
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Domains"
            description="Users sign in through the identity provider of the directory that owns their email domain. A domain belongs to one directory only."
            actions={
              directory.type === 'jit' && directory.idp && !deleting ? (
                <Link href={`/admin/identity-providers/${directory.idp.id}`} className={buttonClasses('secondary', 'sm')}>
                  Manage domains
                </Link>
              ) : null
            }
          />
          <CardBody>
            {directory.domains.length > 0 ? (
              <ul className="flex flex-wrap gap-2" aria-label="Domains">
                {directory.domains.map((domain) => (
                  <li key={domain} className="rounded-md bg-slate-100 px-2 py-1 font-mono text-xs text-slate-700">
                    {domain}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">No domains.</p>
            )}
            {directory.type === 'jit' && !deleting ? (
              <p className="mt-3 text-xs text-slate-500">
                Domains are added and removed on the identity provider&apos;s page, with its JIT settings.
              </p>
            ) : null}
            {deleting ? (
              <p className="mt-3 text-xs text-slate-500">They stay with this directory until its deletion has finished.</p>
            ) : null}
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Stale users"
            description="Users who have not signed in for a number of days; a user who never signed in counts from when they were created."
          />
          <CardBody className="space-y-4">
            <form method="get" noValidate className="flex flex-wrap items-end gap-3" aria-label="Stale users">
              <Field label="Not signed in for (days)" htmlFor="stale-days" error={staleError}>
                <Input
                  id="stale-days"
                  name="days"
                  type="number"
                  min={1}
                  max={3650}
                  defaultValue={daysInput || String(STALE_DAYS_DEFAULT)}
                  className="w-32"
                  aria-invalid={staleError ? true : undefined}
                  aria-describedby={fieldDescribedBy('stale-days', { error: staleError })}
                />
              </Field>
              <Button type="submit" variant="secondary">
                Show
              </Button>
              {stale ? (
                <a
                  href={`/api/v1/directories/${directory.id}/stale-users.csv?days=${stale.days}`}
                  className={buttonClasses('secondary')}
                  download
                >
                  Download CSV
                </a>
              ) : null}
            </form>
            {stale ? (
              <p className="text-sm text-slate-700" data-testid="stale-count">
                Stale: {(stale.total ?? 0).toLocaleString('en-US')} of {users} user{directory.userCount === 1 ? '' : 's'}, not signed in for{' '}
                {stale.days} day{stale.days === 1 ? '' : 's'} (since {time.format(stale.cutoff)} UTC).
              </p>
            ) : null}
          </CardBody>
          {stale && stale.data.length > 0 ? (
            <Table aria-label="Stale users">
              <THead>
                <TR>
                  <TH>User name</TH>
                  <TH>Email</TH>
                  <TH>Domain</TH>
                  <TH>Last sign-in</TH>
                  <TH>Created</TH>
                </TR>
              </THead>
              <TBody>
                {stale.data.map((user) => (
                  <TR key={user.id}>
                    <TD className="font-mono text-xs">{user.userName}</TD>
                    <TD className="text-xs">{user.email ?? '—'}</TD>
                    <TD className="text-xs">{user.domain ?? '—'}</TD>
                    <TD className="text-xs whitespace-nowrap">{when(user.lastSignInAt)}</TD>
                    <TD className="text-xs whitespace-nowrap">{when(user.createdAt)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : stale ? (
            <EmptyState title="No stale users" description={`Everyone has signed in within ${stale.days} days, or was created since.`} />
          ) : null}
          {stale?.nextCursor ? (
            <p className="border-t border-slate-200 px-5 py-3 text-xs text-slate-500">
              The first {stale.data.length} are shown; download the CSV for all of them.
            </p>
          ) : null}
        </Card>

        {canWrite && !deleting ? (
          <Card>
            <CardHeader title="Delete" />
            <CardBody>
              <DeleteDirectorySection
                id={directory.id}
                name={directory.name}
                userCount={directory.userCount}
                idpName={directory.type === 'jit' ? (directory.idp?.name ?? null) : null}
              />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
