import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { DeleteIdpSection } from '@/components/idp/delete-idp-section';
import { IdpSettingsForm } from '@/components/idp/idp-settings-form';
import { JitSection } from '@/components/idp/jit-section';
import { MetadataSummary } from '@/components/idp/metadata-summary';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { AppError } from '@/lib/api/errors';
import { requireAdminPage } from '@/lib/auth/session';
import { roleAllows } from '@/lib/auth/roles';
import { getDb } from '@/lib/db';
import { getIdentityProvider, type IdentityProviderView } from '@/lib/idp/get-identity-provider';

export const metadata: Metadata = { title: 'Identity provider' };

const time = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type Props = { params: Promise<{ id: string }> };

export default async function IdentityProviderPage({ params }: Props) {
  const { id } = await params;
  const admin = await requireAdminPage('read', `/admin/identity-providers/${id}`);
  let idp: IdentityProviderView;
  try {
    idp = await getIdentityProvider(getDb(), id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
  const canWrite = roleAllows(admin.role, 'write');
  const builtin = idp.type === 'builtin';

  return (
    <>
      <PageHeader
        title={idp.name}
        description={builtin ? 'Built-in password sign-in for local users.' : 'Third-party SAML 2.0 identity provider.'}
        actions={<Badge tone={idp.status.tone}>{idp.status.label}</Badge>}
      />
      <div className="space-y-6">
        {idp.allowIdpInitiated ? (
          <Alert tone="warning" title="IdP-initiated sign-in is allowed">
            Responses Gatehouse did not ask for are accepted from this IdP; they cannot be bound to the browser that uses them.
          </Alert>
        ) : null}
        {!builtin && idp.entityId ? (
          <Card>
            <CardHeader title="SAML" description={idp.metadataUrl ? `Metadata from ${idp.metadataUrl}` : 'Metadata pasted or uploaded.'} />
            <CardBody>
              <MetadataSummary
                entityId={idp.entityId}
                ssoEndpoints={idp.ssoEndpoints}
                certificates={idp.certificates}
                warnings={idp.certificateWarnings}
                extra={
                  idp.metadataFetchedAt ? (
                    <>
                      <dt className="font-medium text-slate-500">Last fetched</dt>
                      <dd>{time.format(idp.metadataFetchedAt)} UTC</dd>
                    </>
                  ) : null
                }
              />
            </CardBody>
          </Card>
        ) : null}

        <Card>
          <CardHeader
            title="Just-in-Time provisioning"
            description="Users are created and updated from the SAML assertion; JIT users are managed only by their IdP."
          />
          <CardBody>
            {builtin ? (
              <p className="text-sm text-slate-600">
                JIT provisioning is not available for the built-in identity provider: its users are created by admins.
              </p>
            ) : (
              <JitSection idpId={idp.id} idpName={idp.name} directory={idp.directory} canWrite={canWrite} />
            )}
          </CardBody>
        </Card>

        {canWrite ? (
          <Card>
            <CardHeader title="Settings" />
            <CardBody>
              <IdpSettingsForm
                id={idp.id}
                name={idp.name}
                enabled={idp.enabled}
                allowIdpInitiated={idp.allowIdpInitiated}
                builtin={builtin}
                metadataUrl={idp.metadataUrl}
              />
            </CardBody>
          </Card>
        ) : null}

        {canWrite && !builtin ? (
          <Card>
            <CardHeader title="Delete" />
            <CardBody>
              <DeleteIdpSection
                id={idp.id}
                name={idp.name}
                userCount={idp.directory?.userCount ?? 0}
                directory={
                  idp.directory
                    ? {
                        id: idp.directory.id,
                        name: idp.directory.name,
                        deleting: idp.directory.state.kind === 'deleting' ? idp.directory.state : null,
                        deletesIdp: idp.directory.deletion?.deleteIdpId === idp.id,
                      }
                    : null
                }
              />
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
