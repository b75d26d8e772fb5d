import type { Metadata } from 'next';
import { IdpCreateForm } from '@/components/idp/idp-create-form';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdminPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Add identity provider' };

export default async function NewIdentityProviderPage() {
  await requireAdminPage('write', '/admin/identity-providers/new');
  return (
    <>
      <PageHeader
        title="Add identity provider"
        description="Paste, upload or link the IdP's SAML metadata. Register Gatehouse at the IdP with the service provider details."
      />
      <IdpCreateForm />
    </>
  );
}
