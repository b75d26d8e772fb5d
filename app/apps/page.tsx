import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { Logo } from '@/components/console/logo';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';

export const metadata: Metadata = { title: 'Your apps' };

/** The end user's portal. Applications arrive with groups and entitlements; for now: who you are. */
export default async function AppsPage() {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.userName;
  const managedBy = user.directory.jitIdp?.name ?? user.directory.name;
  const values = new Map<string, string[]>();
  for (const a of user.attributes) values.set(a.name, [...(values.get(a.name) ?? []), a.value]);
  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-4 py-3">
          <Logo />
          <SignOutButton callbackUrl="/login" />
        </div>
      </header>
      <main className="mx-auto max-w-4xl space-y-6 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome, {name}</h1>
        <Card>
          <CardHeader title="Your applications" />
          <CardBody>
            <p className="text-sm text-slate-600">No applications are assigned to you yet.</p>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Your profile" description={`Managed by ${managedBy}`} />
          <CardBody>
            <dl className="grid gap-3 text-sm sm:grid-cols-[12rem_1fr]" aria-label="Profile">
              <dt className="text-slate-500">User name</dt>
              <dd className="font-medium text-slate-900">{user.userName}</dd>
              <dt className="text-slate-500">Domain</dt>
              <dd>{user.domain?.name ?? '—'}</dd>
              {[...values.entries()]
                .filter(([attr]) => attr !== 'userName' && attr !== 'domain')
                .map(([attr, list]) => (
                  <div key={attr} className="contents">
                    <dt className="text-slate-500">{attr}</dt>
                    <dd>{list.join(', ')}</dd>
                  </div>
                ))}
            </dl>
          </CardBody>
        </Card>
      </main>
    </div>
  );
}
