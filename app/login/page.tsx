import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/console/auth-card';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field, Input } from '@/components/ui/input';
import { openSealedValue } from '@/lib/auth/sealed-value';
import { getEnv } from '@/lib/env';
import { LOGIN_MESSAGE_PURPOSE } from '@/lib/signin/cookies';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ email?: string; domain?: string; error?: string; returnTo?: string }> };

/**
 * Rule 5: the person enters their email; the domain decides the IdP. `GET /login?email=…` starts the
 * sign-in without JavaScript (the form submits to /login/start, which answers with the redirect).
 */
export default async function LoginPage({ searchParams }: Props) {
  const params = await searchParams;
  if ((params.email || params.domain) && !params.error) {
    const query = new URLSearchParams();
    if (params.email) query.set('email', params.email);
    if (params.domain) query.set('domain', params.domain);
    if (params.returnTo) query.set('returnTo', params.returnTo);
    redirect(`/login/start?${query.toString()}`);
  }
  // Next's error parameter from next-auth (e.g. AccessDenied) is a code, not one of our sealed messages.
  const message = params.error
    ? (openSealedValue(getEnv().GATEHOUSE_SECRET, LOGIN_MESSAGE_PURPOSE, params.error) ?? 'Sign-in failed. Start again.')
    : null;
  return (
    <AuthCard title="Sign in" description="Use your work email address: Gatehouse sends you to your organisation’s sign-in page.">
      <form action="/login/start" method="get" className="space-y-5">
        {message ? <Alert tone="error">{message}</Alert> : null}
        <Field label="Work email" htmlFor="email">
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={params.email ?? ''} />
        </Field>
        {params.returnTo ? <input type="hidden" name="returnTo" value={params.returnTo} /> : null}
        <Button type="submit" className="w-full">
          Continue
        </Button>
      </form>
      <p className="mt-5 text-center text-sm text-slate-600">
        Have a Gatehouse account from your administrator?{' '}
        <Link
          href={params.returnTo ? `/login/password?returnTo=${encodeURIComponent(params.returnTo)}` : '/login/password'}
          className="font-medium text-brand-700 hover:underline"
        >
          Sign in with a password
        </Link>
      </p>
    </AuthCard>
  );
}
