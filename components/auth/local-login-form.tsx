'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field, Input } from '../ui/input';
import { formText } from '../console/form-text';

/** A local user's sign-in with the built-in IdP (email and password). */
export function LocalLoginForm({ callbackUrl, email }: { callbackUrl: string; email?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('user-password', {
        email: formText(form, 'email'),
        password: formText(form, 'password'),
        redirect: false,
      });
      if (!result || result.error) {
        setPending(false);
        setError(result?.error && result.error !== 'CredentialsSignin' ? result.error : 'Invalid email or password.');
        return;
      }
    } catch {
      setPending(false);
      setError('Gatehouse could not be reached. Check your connection and try again.');
      return;
    }
    router.replace(callbackUrl);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={(event) => void onSubmit(event)} className="space-y-5" noValidate aria-label="Sign in with a password">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Email" htmlFor="email">
        <Input id="email" name="email" type="email" autoComplete="username" required autoFocus={!email} defaultValue={email} />
      </Field>
      <Field label="Password" htmlFor="password">
        <Input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(email)} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
