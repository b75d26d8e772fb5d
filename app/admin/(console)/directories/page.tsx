import type { Metadata } from 'next';
import Link from 'next/link';
import { DeletionProgress } from '@/components/directories/deletion-progress';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { listDirectories } from '@/lib/directories/list-directories';

export const metadata: Metadata = { title: 'Directories' };

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function DirectoriesPage({ searchParams }: Props) {
  await requireAdminPage('read', '/admin/directories');
  const { cursor } = await searchParams;
  const page = await listDirectories(getDb(), { cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined });
  return (
    <>
      <PageHeader
        title="Directories"
        description="Where users live: a JIT directory per identity provider (its users come from SAML assertions) and local directories of admin-managed users. A domain belongs to one directory."
      />
      <Card>
        {page.data.length === 0 && !cursor ? (
          <EmptyState
            title="No directories"
            description="Enabling JIT provisioning for an identity provider creates its directory."
            action={
              <Link href="/admin/identity-providers" className={buttonClasses('secondary')}>
                Identity providers
              </Link>
            }
          />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Type</TH>
                <TH>Identity provider</TH>
                <TH>Domains</TH>
                <TH className="text-right">Users</TH>
                <TH>Last sign-in</TH>
                <TH>State</TH>
              </TR>
            </THead>
            <TBody>
              {page.data.map((directory) => (
                <TR key={directory.id}>
                  <TD>
                    <Link href={`/admin/directories/${directory.id}`} className="font-medium text-brand-700 hover:underline">
                      {directory.name}
                    </Link>
                  </TD>
                  <TD>
                    <Badge tone={directory.type === 'jit' ? 'info' : 'neutral'}>{directory.type === 'jit' ? 'JIT' : 'Local'}</Badge>
                  </TD>
                  <TD>
                    {directory.idp ? (
                      <Link href={`/admin/identity-providers/${directory.idp.id}`} className="hover:underline">
                        {directory.idp.name}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </TD>
                  <TD className="text-xs">{directory.domains.join(', ') || '—'}</TD>
                  <TD className="text-right tabular-nums">{directory.userCount.toLocaleString('en-US')}</TD>
                  <TD className="text-xs whitespace-nowrap">
                    {directory.lastSignInAt ? `${time.format(directory.lastSignInAt)} UTC` : 'Never'}
                  </TD>
                  <TD>
                    {directory.state.kind === 'deleting' ? (
                      <DeletionProgress directoryId={directory.id} initial={directory.state} compact />
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {page.nextCursor ? (
          <nav aria-label="Pages" className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">
            <Link href={`/admin/directories?cursor=${encodeURIComponent(page.nextCursor)}`} className={buttonClasses('secondary', 'sm')}>
              Next page
            </Link>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
