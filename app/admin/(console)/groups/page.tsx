import type { Metadata } from 'next';
import Link from 'next/link';
import { RecomputeProgress } from '@/components/groups/recompute-progress';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { listGroups } from '@/lib/groups/get-group';

export const metadata: Metadata = { title: 'Groups' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GroupsPage({ searchParams }: Props) {
  const admin = await requireAdminPage('read', '/admin/groups');
  const { cursor } = await searchParams;
  const page = await listGroups(getDb(), { cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined });
  const canWrite = roleAllows(admin.role, 'write');
  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups are defined by rules on user attributes. Membership follows the IdP: it is recomputed at every sign-in, and for everyone when the rules change."
        actions={
          canWrite ? (
            <Link href="/admin/groups/new" className={buttonClasses('primary')}>
              Add group
            </Link>
          ) : null
        }
      />
      <Card>
        {page.data.length === 0 && !cursor ? (
          <EmptyState title="No groups" description="Add a group to place users by their attributes, e.g. department equals Sales." />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Rules</TH>
                <TH className="text-right">Members</TH>
                <TH>Recompute</TH>
              </TR>
            </THead>
            <TBody>
              {page.data.map((group) => (
                <TR key={group.id}>
                  <TD>
                    <Link href={`/admin/groups/${group.id}`} className="font-medium text-brand-700 hover:underline">
                      {group.name}
                    </Link>
                  </TD>
                  <TD className="max-w-xl text-xs">
                    <span className="line-clamp-2 font-mono" title={group.rulesSummary}>
                      {group.rulesSummary}
                    </span>
                  </TD>
                  <TD className="text-right tabular-nums">{group.memberCount.toLocaleString('en-US')}</TD>
                  <TD>
                    {group.recompute ? (
                      <RecomputeProgress key={group.recompute.jobId} groupId={group.id} initial={group.recompute} compact />
                    ) : (
                      <span className="text-xs text-slate-500">Up to date</span>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {page.nextCursor ? (
          <nav aria-label="Pages" className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">
            <Link href={`/admin/groups?cursor=${encodeURIComponent(page.nextCursor)}`} className={buttonClasses('secondary', 'sm')}>
              Next page
            </Link>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
