import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { Logo } from '@/components/console/logo';
import { AppTile } from '@/components/portal/app-tile';
import { ProfileCard } from '@/components/portal/profile-card';
import { Alert } from '@/components/ui/alert';
import { getPortalProfile } from '@/lib/apps/get-portal-profile';
import { listUserApplications } from '@/lib/apps/list-user-applications';
import { NOT_ENTITLED_MESSAGE } from '@/lib/apps/resolve-application-launch';
import { getCurrentUser } from '@/lib/auth/current-user';
import { getDb } from '@/lib/db';

export const metadata: Metadata = { title: 'Your apps' };

// `?error=` carries a code, never text, so a link cannot make the portal show words of someone else's choosing.
const ERRORS: Record<string, string> = { 'not-entitled': NOT_ENTITLED_MESSAGE };

type Props = { searchParams: Promise<{ error?: string | string[] }> };

/** The end user's portal (rule 13): the applications entitled to any of their groups, and their profile. */
export default async function AppsPage({ searchParams }: Props) {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const db = getDb();
  const [apps, profile, { error }] = await Promise.all([listUserApplications(db, user.id), getPortalProfile(db, user.id), searchParams]);
  if (!profile) redirect('/login');
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ') || user.userName;
  const message = typeof error === 'string' ? ERRORS[error] : undefined;

  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
          <Logo />
          <div className="flex min-w-0 items-center gap-3">
            <span className="hidden truncate text-sm text-slate-600 sm:inline">{user.email ?? user.userName}</span>
            <SignOutButton callbackUrl="/login" />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-8 px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome, {name}</h1>
        {message ? <Alert tone="error">{message}</Alert> : null}
        <section aria-labelledby="apps-heading" className="space-y-4">
          <h2 id="apps-heading" className="text-base font-semibold text-slate-900">
            Your applications
          </h2>
          {apps.length === 0 ? (
            <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
              <p className="text-sm font-medium text-slate-900">No applications are assigned to you yet.</p>
              <p className="mt-1 text-sm text-slate-500">When your administrator gives your groups access to an app, it appears here.</p>
            </div>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-labelledby="apps-heading">
              {apps.map((app) => (
                <li key={app.id}>
                  <AppTile {...app} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <ProfileCard profile={profile} />
      </main>
    </div>
  );
}
