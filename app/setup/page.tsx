import type { Metadata } from 'next';
import { headers } from 'next/headers';
import Link from 'next/link';
import { SetupForm } from '@/components/auth/setup-form';
import { AuthCard } from '@/components/console/auth-card';
import { Alert } from '@/components/ui/alert';
import { getDb } from '@/lib/db';
import { clientIp } from '@/lib/rate-limit/client-ip';
import { limitSignInFailures } from '@/lib/rate-limit/sign-in-limits';
import { checkSetupToken } from '@/lib/setup/first-run';

export const metadata: Metadata = { title: 'Set up Gatehouse' };

type Props = { searchParams: Promise<{ token?: string }> };

export default async function SetupPage({ searchParams }: Props) {
  const { token } = await searchParams;
  const db = getDb();
  // An invalid link counts against the address's setup limit, shared with POST /api/setup.
  const checked = await limitSignInFailures(
    db,
    'setup',
    { ip: clientIp(await headers()) },
    () => checkSetupToken(db, token ?? ''),
    (state) => state !== 'invalid',
  );
  if (!checked.allowed) {
    return (
      <AuthCard title="Try again later">
        <Alert tone="error">{checked.message}</Alert>
      </AuthCard>
    );
  }
  const state = checked.result;
  if (state === 'done') {
    return (
      <AuthCard
        title="Gatehouse is set up"
        footer={
          <Link href="/admin/login" className="font-medium text-brand-700 hover:underline">
            Go to sign-in
          </Link>
        }
      >
        <Alert tone="info">An administrator already exists. Sign in with that account.</Alert>
      </AuthCard>
    );
  }
  if (state === 'invalid' || !token) {
    return (
      <AuthCard title="Setup link not valid">
        <Alert tone="error">
          This setup link is invalid or has expired. Restart Gatehouse (<code>npm start</code>) to print a new one.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create the first administrator" description="This account can manage everything in Gatehouse. The link works once.">
      <SetupForm token={token} />
    </AuthCard>
  );
}
