'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field, Input } from '../ui/input';
import { formText } from '../console/form-text';
import { postJson } from '../console/fetch-json';

/** Sets a local user's password from a one-time link. */
export function SetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = formText(form, 'password');
    setError(null);
    setFieldError(null);
    if (password !== formText(form, 'confirm')) return setFieldError('The passwords do not match');
    setPending(true);
    const result = await postJson('/set-password/complete', { token, password });
    setPending(false);
    if (result.ok) return setDone(true);
    if (result.fields.password) return setFieldError(result.fields.password);
    setError(result.message);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Your password is set.</Alert>
        <Link href="/login/password" className="font-medium text-brand-700 hover:underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={(event) => void onSubmit(event)} className="space-y-5" noValidate aria-label="Set your password">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="New password" htmlFor="password" hint="At least 12 characters." error={fieldError}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          autoFocus
          aria-invalid={Boolean(fieldError)}
        />
      </Field>
      <Field label="Repeat the password" htmlFor="confirm">
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Set password'}
      </Button>
    </form>
  );
}
