import type { Metadata } from 'next';
import { AdminsPanel } from '@/components/admins/admins-panel';
import { PageHeader } from '@/components/ui/page-header';
import { listAdmins } from '@/lib/admins/manage-admins';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const admin = await requireAdminPage('read', '/admin/settings');
  const admins = await listAdmins(getDb());
  return (
    <>
      <PageHeader title="Settings" description="Console access and instance settings." />
      <AdminsPanel
        admins={admins.map((a) => ({ ...a, lastLoginAt: a.lastLoginAt?.toISOString() ?? null }))}
        currentAdminId={admin.id}
        canWrite={roleAllows(admin.role, 'write')}
      />
    </>
  );
}
