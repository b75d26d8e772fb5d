import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Stat } from '@/components/ui/stat';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { getDashboard } from '@/lib/dashboard/get-dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function DashboardPage() {
  const admin = await requireAdminPage('read', '/admin');
  const { counts, recent } = await getDashboard(getDb());
  return (
    <>
      <PageHeader title="Dashboard" description={`Signed in as ${admin.email}.`} />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-4">
        <Stat label="Identity providers" value={counts.identityProviders} hint="Third-party SAML" />
        <Stat label="Directories" value={counts.directories} />
        <Stat label="Users" value={counts.users} />
        <Stat label="Groups" value={counts.groups} />
        <Stat label="Applications" value={counts.applications} />
        <Stat label="Administrators" value={counts.admins} href="/admin/settings" />
        <Stat label="Events (24 h)" value={counts.events24h} />
        <Stat label="Failures (24 h)" value={counts.failures24h} hint="Refused sign-ins and errors" />
      </div>
      <div className="mt-8">
        <Card>
          <CardHeader title="Recent activity" description="The latest audit events, newest first (UTC)." />
          {recent.length === 0 ? (
            <EmptyState title="Nothing yet" description="Sign-ins and changes will appear here." />
          ) : (
            <Table>
              <THead>
                <TR>
                  <TH>Time</TH>
                  <TH>Event</TH>
                  <TH>Actor</TH>
                  <TH>Target</TH>
                  <TH>Outcome</TH>
                </TR>
              </THead>
              <TBody>
                {recent.map((event) => (
                  <TR key={event.id}>
                    <TD className="whitespace-nowrap">{time.format(event.createdAt)}</TD>
                    <TD className="font-mono text-xs">{event.action}</TD>
                    <TD>{event.actorLabel ?? 'system'}</TD>
                    <TD>{event.targetLabel ?? '—'}</TD>
                    <TD>
                      <Badge tone={event.outcome === 'success' ? 'success' : 'error'}>{event.outcome}</Badge>
                      {event.reason ? <span className="ml-2 text-xs text-slate-500">{event.reason}</span> : null}
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
