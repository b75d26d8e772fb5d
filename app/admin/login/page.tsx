import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AdminLoginForm } from '@/components/auth/admin-login-form';
import { AuthCard } from '@/components/console/auth-card';
import { Alert } from '@/components/ui/alert';
import { getCurrentAdmin } from '@/lib/auth/session';
import { safeReturnPath } from '@/lib/auth/safe-return-path';

export const metadata: Metadata = { title: 'Administrator sign-in' };

type Props = { searchParams: Promise<{ callbackUrl?: string; setup?: string }> };

export default async function AdminLoginPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl, '/admin');
  if (await getCurrentAdmin()) redirect(callbackUrl);
  return (
    <AuthCard title="Sign in to the console" description="Gatehouse administrators only.">
      {params.setup === 'done' ? (
        <div className="mb-5">
          <Alert tone="success">Your administrator account is ready. Sign in with it.</Alert>
        </div>
      ) : null}
      <AdminLoginForm callbackUrl={callbackUrl} />
    </AuthCard>
  );
}
