import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DeleteGroupSection } from '@/components/groups/delete-group-section';
import { GroupForm } from '@/components/groups/group-form';
import { GroupMembersTable } from '@/components/groups/group-members-table';
import { RecomputeProgress } from '@/components/groups/recompute-progress';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { AppError } from '@/lib/api/errors';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getGroup, type GroupView } from '@/lib/groups/get-group';
import { getGroupMembers } from '@/lib/groups/get-group-members';
import { listRuleAttributes } from '@/lib/groups/list-rule-attributes';

export const metadata: Metadata = { title: 'Group' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function GroupPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { cursor } = await searchParams;
  const admin = await requireAdminPage('read', `/admin/groups/${id}`);
  const db = getDb();
  let group: GroupView;
  try {
    group = await getGroup(db, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const memberCursor = typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
  const [members, attributes] = await Promise.all([getGroupMembers(db, id, { cursor: memberCursor }), listRuleAttributes(db)]);
  const canWrite = roleAllows(admin.role, 'write');
  const memberCountText = group.memberCount.toLocaleString('en-US');

  return (
    <>
      <PageHeader title={group.name} description={group.description || undefined} />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Memberships" description={`${memberCountText} member${group.memberCount === 1 ? '' : 's'}.`} />
          <CardBody>
            {group.recompute ? (
              <RecomputeProgress key={group.recompute.jobId} groupId={group.id} initial={group.recompute} canRerun={canWrite} />
            ) : (
              <p className="text-sm text-emerald-700">Memberships are up to date.</p>
            )}
          </CardBody>
        </Card>

        {canWrite ? (
          <GroupForm
            groupId={group.id}
            initial={{ name: group.name, description: group.description, matchMode: group.matchMode, rules: group.rules }}
            attributes={attributes}
          />
        ) : (
          <Card>
            <CardHeader
              title="Rules"
              description={group.matchMode === 'all' ? 'Users match when all rules hold.' : 'Users match when any rule holds.'}
            />
            <CardBody>
              <ol className="list-decimal space-y-1 pl-5 font-mono text-sm">
                {group.rules.map((rule) => (
                  <li key={rule.id}>{rule.text}</li>
                ))}
              </ol>
            </CardBody>
          </Card>
        )}

        <Card>
          <CardHeader
            title="Members"
            description={
              group.matchMode === 'all'
                ? 'Every member satisfies all of the rules.'
                : 'Each with the rule that placed them (the first of the rules that held).'
            }
          />
          <GroupMembersTable
            groupId={group.id}
            page={members}
            paged={memberCursor !== undefined}
            allRulesText={group.matchMode === 'all' && group.rules.length > 1 ? group.rulesSummary : undefined}
          />
        </Card>

        {canWrite ? (
          <Card>
            <CardHeader title="Delete" />
            <CardBody>
              <DeleteGroupSection id={group.id} name={group.name} memberCount={group.memberCount} />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
