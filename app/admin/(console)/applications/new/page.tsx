import type { Metadata } from 'next';
import { ApplicationForm } from '@/components/apps/application-form';
import { Card, CardBody } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdminPage } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Add application' };

export default async function NewApplicationPage() {
  await requireAdminPage('write', '/admin/applications/new');
  return (
    <>
      <PageHeader title="Add application" description="After adding it, choose the groups whose members see it in their portal." />
      <Card>
        <CardBody>
          <ApplicationForm />
        </CardBody>
      </Card>
    </>
  );
}
