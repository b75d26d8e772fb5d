import type { Metadata } from 'next';
import Link from 'next/link';
import { LocalLoginForm } from '@/components/auth/local-login-form';
import { AuthCard } from '@/components/console/auth-card';
import { safeReturnPath } from '@/lib/auth/safe-return-path';

export const metadata: Metadata = { title: 'Sign in with a password' };

type Props = { searchParams: Promise<{ email?: string; returnTo?: string }> };

/** Local users (admin-created, PRODUCT.md rule 1) sign in here with the password they set through their link. */
export default async function LocalLoginPage({ searchParams }: Props) {
  const params = await searchParams;
  return (
    <AuthCard
      title="Sign in with a password"
      description="For accounts an administrator created for you in Gatehouse."
      footer={
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Sign in with your organisation instead
        </Link>
      }
    >
      <LocalLoginForm callbackUrl={safeReturnPath(params.returnTo, '/apps')} email={params.email?.slice(0, 254)} />
    </AuthCard>
  );
}
