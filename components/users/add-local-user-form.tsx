'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field, Input, fieldDescribedBy } from '../ui/input';
import { postJson } from '../console/fetch-json';

/** "Add local user": a user of the built-in IdP; it sets its password through a one-time link from its page. */
export function AddLocalUserForm() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await postJson<{ id: string }>('/api/v1/users', {
      email: form.get('email'),
      firstName: form.get('firstName'),
      lastName: form.get('lastName'),
    });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setError(Object.keys(result.fields).length ? null : result.message);
      return;
    }
    router.push(`/admin/users/${result.data.id}`);
    router.refresh();
  }

  if (!open) return <Button onClick={() => setOpen(true)}>Add local user</Button>;
  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      aria-label="Add local user"
      className="w-full max-w-md space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-left shadow-sm"
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Field label="Email" htmlFor="local-email" hint="The user signs in with it." error={fields.email}>
        <Input
          id="local-email"
          name="email"
          type="email"
          required
          autoComplete="off"
          aria-invalid={Boolean(fields.email)}
          aria-describedby={fieldDescribedBy('local-email', { hint: true, error: fields.email })}
        />
      </Field>
      <Field label="First name" htmlFor="local-first-name" error={fields.firstName}>
        <Input id="local-first-name" name="firstName" autoComplete="off" aria-invalid={Boolean(fields.firstName)} />
      </Field>
      <Field label="Last name" htmlFor="local-last-name" error={fields.lastName}>
        <Input id="local-last-name" name="lastName" autoComplete="off" aria-invalid={Boolean(fields.lastName)} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add user'}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
