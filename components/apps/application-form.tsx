'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Field, Input, fieldDescribedBy } from '../ui/input';
import { requestJson } from '../console/fetch-json';
import { AppIcon } from './app-icon';

export type ApplicationFormValues = { name: string; description: string; launchUrl: string; iconUrl: string | null };

const textareaClasses =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ' +
  'placeholder:text-slate-400 focus-visible:outline-2 focus-visible:outline-offset-0';

/** Creates an application (no `id`) or edits one. */
export function ApplicationForm({ id, initial }: { id?: string; initial?: ApplicationFormValues }) {
  const router = useRouter();
  const [values, setValues] = useState({
    name: initial?.name ?? '',
    description: initial?.description ?? '',
    launchUrl: initial?.launchUrl ?? '',
    iconUrl: initial?.iconUrl ?? '',
  });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const body = { ...values, iconUrl: values.iconUrl.trim() || null };
    const result = id
      ? await requestJson<{ id: string }>('PATCH', `/api/v1/applications/${id}`, body)
      : await requestJson<{ id: string }>('POST', '/api/v1/applications', body);
    setPending(false);
    if (!result.ok) {
      // A name clash (409) has no field list but belongs to the name.
      const fieldErrors = result.status === 409 ? { name: result.message } : result.fields;
      setFields(fieldErrors);
      setMessage(Object.keys(fieldErrors).length ? null : { tone: 'error', text: result.message });
      return;
    }
    setFields({});
    if (!id) {
      router.push(`/admin/applications/${result.data.id}`);
      router.refresh();
      return;
    }
    setMessage({ tone: 'success', text: 'Saved.' });
    router.refresh();
  }

  const control = (name: keyof typeof values, hint?: string) => ({
    id: `app-${name}`,
    value: values[name],
    onChange: set(name),
    'aria-invalid': Boolean(fields[name]),
    'aria-describedby': fieldDescribedBy(`app-${name}`, { hint, error: fields[name] }),
  });

  const launchHint = 'Where the portal sends people: an absolute https:// (or http://) URL, often the app’s SSO start page.';
  const iconHint = 'Optional. An https:// image URL; without one the portal shows the first letter of the name.';
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Name" htmlFor="app-name" error={fields.name}>
        <Input {...control('name')} required autoComplete="off" />
      </Field>
      <Field label="Description" htmlFor="app-description" error={fields.description} hint="Optional. Shown under the name in the portal.">
        <textarea
          {...control('description', 'Optional. Shown under the name in the portal.')}
          rows={3}
          className={`${textareaClasses} ${fields.description ? 'ring-red-400' : 'ring-slate-300 focus-visible:outline-brand-600'}`}
        />
      </Field>
      <Field label="Launch URL" htmlFor="app-launchUrl" error={fields.launchUrl} hint={launchHint}>
        <Input {...control('launchUrl', launchHint)} type="url" inputMode="url" placeholder="https://app.example.com/sso" required />
      </Field>
      <Field label="Icon URL" htmlFor="app-iconUrl" error={fields.iconUrl} hint={iconHint}>
        <div className="flex items-center gap-3">
          <AppIcon name={values.name || '?'} iconUrl={values.iconUrl.trim() || null} size="sm" />
          <Input {...control('iconUrl', iconHint)} type="url" inputMode="url" placeholder="https://app.example.com/icon.png" />
        </div>
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : id ? 'Save changes' : 'Add application'}
      </Button>
    </form>
  );
}
