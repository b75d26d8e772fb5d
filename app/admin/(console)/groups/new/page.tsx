import type { Metadata } from 'next';
import { GroupForm } from '@/components/groups/group-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { listRuleAttributes } from '@/lib/groups/list-rule-attributes';

export const metadata: Metadata = { title: 'Add group' };

export default async function NewGroupPage() {
  await requireAdminPage('write', '/admin/groups/new');
  const attributes = await listRuleAttributes(getDb());
  return (
    <>
      <PageHeader
        title="Add group"
        description="Build the rules, preview who would match, then create the group: everyone who matches becomes a member."
      />
      <GroupForm initial={{ name: '', description: '', matchMode: 'all', rules: [] }} attributes={attributes} />
    </>
  );
}
