import type { Metadata } from 'next';
import { CopyButton } from '@/components/console/copy-button';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdminPage } from '@/lib/auth/session';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { getServiceProviderInfo } from '@/lib/saml/service-provider';
import { getServiceProviderKeys } from '@/lib/saml/sp-keys';

export const metadata: Metadata = { title: 'Service provider' };

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <div className="text-sm font-medium text-slate-500">{label}</div>
        <div className="font-mono text-sm break-all text-slate-900">{value}</div>
      </div>
      <CopyButton value={value} />
    </div>
  );
}

export default async function ServiceProviderPage() {
  await requireAdminPage('read', '/admin/service-provider');
  const env = getEnv();
  const sp = getServiceProviderInfo(env.GATEHOUSE_URL);
  const keys = await getServiceProviderKeys(getDb(), env.GATEHOUSE_SECRET);
  return (
    <>
      <PageHeader
        title="Service provider"
        description="Register Gatehouse at your identity provider with these values, or give it the metadata."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="SAML service provider"
            actions={
              <>
                <CopyButton fromUrl="/api/saml/metadata" label="Copy metadata XML" />
                <a href="/api/saml/metadata" download="gatehouse-sp-metadata.xml" className={buttonClasses('primary', 'sm')}>
                  Download metadata
                </a>
              </>
            }
          />
          <CardBody className="divide-y divide-slate-100">
            <Row label="Entity ID (audience)" value={sp.entityId} />
            <Row label="Assertion Consumer Service URL (HTTP-POST)" value={sp.acsUrl} />
            <Row label="Metadata URL" value={sp.metadataUrl} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Signing and encryption certificate"
            description="Gatehouse signs its AuthnRequests with this key; IdPs may encrypt assertions to it."
          />
          <CardBody className="space-y-2 text-sm">
            <p>
              SHA-256 <span className="font-mono text-xs break-all">{keys.fingerprintSha256}</span>
            </p>
            <p>Expires {day.format(keys.notAfter)} (UTC)</p>
            <details>
              <summary className="cursor-pointer font-medium text-slate-800">Certificate (PEM)</summary>
              <pre className="mt-2 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs">{keys.certificatePem}</pre>
            </details>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
