'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field, Input, fieldDescribedBy } from '../ui/input';
import { postJson } from '../console/fetch-json';

export function SetupForm({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('password') !== form.get('confirm')) {
      setFields({ confirm: 'The passwords do not match' });
      return;
    }
    setPending(true);
    const result = await postJson('/api/setup', {
      token,
      name: form.get('name'),
      email: form.get('email'),
      password: form.get('password'),
    });
    setPending(false);
    if (!result.ok) {
      // Field errors show next to their field; the banner is for everything else.
      setError(Object.keys(result.fields).length ? null : result.message);
      setFields(result.fields);
      return;
    }
    router.replace('/admin/login?setup=done');
  }

  const passwordHint = 'At least 12 characters.';
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-5" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Your name" htmlFor="name" error={fields.name}>
        <Input id="name" name="name" autoComplete="name" aria-invalid={Boolean(fields.name)} />
      </Field>
      <Field label="Email" htmlFor="email" error={fields.email}>
        <Input id="email" name="email" type="email" autoComplete="username" required aria-invalid={Boolean(fields.email)} />
      </Field>
      <Field label="Password" htmlFor="password" hint={passwordHint} error={fields.password}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={Boolean(fields.password)}
          aria-describedby={fieldDescribedBy('password', { hint: passwordHint, error: fields.password })}
        />
      </Field>
      <Field label="Confirm password" htmlFor="confirm" error={fields.confirm}>
        <Input id="confirm" name="confirm" type="password" autoComplete="new-password" required aria-invalid={Boolean(fields.confirm)} />
      </Field>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating…' : 'Create administrator'}
      </Button>
    </form>
  );
}
