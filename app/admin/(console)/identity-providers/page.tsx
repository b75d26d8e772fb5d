import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import { buttonClasses } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { listIdentityProviders } from '@/lib/idp/get-identity-provider';

export const metadata: Metadata = { title: 'Identity Providers' };

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

export default async function IdentityProvidersPage() {
  const admin = await requireAdminPage('read', '/admin/identity-providers');
  const idps = await listIdentityProviders(getDb());
  const canWrite = roleAllows(admin.role, 'write');
  return (
    <>
      <PageHeader
        title="Identity Providers"
        description="The IdPs people sign in with. Enable JIT on a SAML IdP to let its users be created at their first sign-in."
        actions={
          <>
            <Link href="/admin/service-provider" className={buttonClasses('secondary')}>
              Service provider details
            </Link>
            {canWrite ? (
              <Link href="/admin/identity-providers/new" className={buttonClasses('primary')}>
                Add identity provider
              </Link>
            ) : null}
          </>
        }
      />
      <Card>
        {idps.length === 0 ? (
          <EmptyState title="No identity providers" />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Type</TH>
                <TH>Entity ID</TH>
                <TH>JIT</TH>
                <TH>Directory</TH>
                <TH>Domains</TH>
                <TH>Certificate expiry</TH>
                <TH>Status</TH>
              </TR>
            </THead>
            <TBody>
              {idps.map((idp) => (
                <TR key={idp.id}>
                  <TD>
                    <Link href={`/admin/identity-providers/${idp.id}`} className="font-medium text-brand-700 hover:underline">
                      {idp.name}
                    </Link>
                  </TD>
                  <TD>{idp.type === 'builtin' ? 'Built-in' : 'SAML'}</TD>
                  <TD className="max-w-56 truncate font-mono text-xs" title={idp.entityId ?? undefined}>
                    {idp.entityId ?? '—'}
                  </TD>
                  <TD>
                    {idp.type === 'builtin' ? '—' : idp.jitEnabled ? <Badge tone="success">On</Badge> : <Badge tone="neutral">Off</Badge>}
                  </TD>
                  <TD>{idp.directory?.name ?? '—'}</TD>
                  <TD className="text-xs">{idp.directory?.domains.join(', ') || '—'}</TD>
                  <TD className="whitespace-nowrap">{idp.nearestCertificateExpiry ? day.format(idp.nearestCertificateExpiry) : '—'}</TD>
                  <TD>
                    <Badge tone={idp.status.tone}>{idp.status.label}</Badge>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
