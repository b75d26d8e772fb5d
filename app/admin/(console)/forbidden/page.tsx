import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/page-header';
import { requireAdminPage } from '@/lib/auth/session';

export default async function ForbiddenPage() {
  await requireAdminPage('read', '/admin/forbidden');
  return (
    <>
      <PageHeader title="Not allowed" />
      <Alert tone="warning" title="Your role is read-only">
        This page changes Gatehouse and needs a super admin.{' '}
        <Link href="/admin" className="underline">
          Back to the dashboard
        </Link>
      </Alert>
    </>
  );
}
