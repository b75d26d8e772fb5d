import type { Metadata } from 'next';
import Link from 'next/link';
import { AppIcon } from '@/components/apps/app-icon';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { listApplications } from '@/lib/apps/get-application';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Applications' };

export default async function ApplicationsPage() {
  const admin = await requireAdminPage('read', '/admin/applications');
  const apps = await listApplications(getDb());
  const canWrite = roleAllows(admin.role, 'write');
  const add = canWrite ? (
    <Link href="/admin/applications/new" className={buttonClasses('primary')}>
      Add application
    </Link>
  ) : null;
  return (
    <>
      <PageHeader
        title="Applications"
        description="The apps in your users’ portal. Entitle an application to groups: everyone in any of those groups sees it."
        actions={add}
      />
      <Card>
        {apps.length === 0 ? (
          <EmptyState
            title="No applications"
            description="Add the applications your users sign in to, then entitle them to groups."
            action={add}
          />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Launch URL</TH>
                <TH className="text-right">Entitled groups</TH>
              </TR>
            </THead>
            <TBody>
              {apps.map((app) => (
                <TR key={app.id}>
                  <TD>
                    <div className="flex items-center gap-3">
                      <AppIcon name={app.name} iconUrl={app.iconUrl} size="sm" />
                      <div className="min-w-0">
                        <Link href={`/admin/applications/${app.id}`} className="font-medium text-brand-700 hover:underline">
                          {app.name}
                        </Link>
                        {app.description ? <p className="max-w-md truncate text-xs text-slate-500">{app.description}</p> : null}
                      </div>
                    </div>
                  </TD>
                  <TD className="max-w-80 truncate font-mono text-xs" title={app.launchUrl}>
                    {app.launchUrl}
                  </TD>
                  <TD className="text-right tabular-nums">{app.entitledGroupCount}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
