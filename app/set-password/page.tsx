import type { Metadata } from 'next';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { AuthCard } from '@/components/console/auth-card';
import { Alert } from '@/components/ui/alert';

export const metadata: Metadata = { title: 'Set your password' };

type Props = { searchParams: Promise<{ token?: string }> };

/** The one-time link an administrator sends a local user (lib/users/create-password-setup-link.ts). */
export default async function SetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  return (
    <AuthCard title="Set your password" description="Choose the password you will sign in to Gatehouse with.">
      {token ? (
        <SetPasswordForm token={token} />
      ) : (
        <Alert tone="error">This link is incomplete. Open the full link your administrator sent you.</Alert>
      )}
    </AuthCard>
  );
}
