'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/input';
import { Select } from '../ui/select';
import { ConfirmDeleteSection } from '../console/confirm-delete-section';
import { CopyButton } from '../console/copy-button';
import { postJson, requestJson } from '../console/fetch-json';

export type LocalUserFields = {
  id: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
};

/** Edit, password link and delete: shown for local users only (JIT users are managed by their IdP, PRODUCT.md rule 14). */
export function LocalUserControls({ user }: { user: LocalUserFields }) {
  const router = useRouter();
  const endpoint = `/api/v1/users/${encodeURIComponent(user.id)}`;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [link, setLink] = useState<{ url: string; expiresAt: string } | null>(null);
  const [linkError, setLinkError] = useState<string | null>(null);

  async function onSave(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setSaved(false);
    const result = await requestJson('PATCH', endpoint, {
      userName: form.get('userName'),
      email: form.get('email'),
      firstName: form.get('firstName'),
      lastName: form.get('lastName'),
      status: form.get('status'),
    });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setError(Object.keys(result.fields).length ? null : result.message);
      return;
    }
    setFields({});
    setError(null);
    setSaved(true);
    router.refresh();
  }

  async function onLink() {
    setLinkError(null);
    const result = await postJson<{ url: string; expiresAt: string }>(`${endpoint}/password-link`, {});
    if (!result.ok) return setLinkError(result.message);
    setLink(result.data);
    router.refresh();
  }

  return (
    <>
      <Card>
        <CardHeader title="Edit local user" />
        <CardBody>
          <form onSubmit={(event) => void onSave(event)} aria-label="Edit local user" className="grid max-w-2xl gap-4 sm:grid-cols-2">
            {error ? (
              <div className="sm:col-span-2">
                <Alert tone="error">{error}</Alert>
              </div>
            ) : null}
            <Field label="User name" htmlFor="edit-user-name" error={fields.userName}>
              <Input id="edit-user-name" name="userName" required defaultValue={user.userName} aria-invalid={Boolean(fields.userName)} />
            </Field>
            <Field label="Email" htmlFor="edit-email" error={fields.email}>
              <Input
                id="edit-email"
                name="email"
                type="email"
                required
                defaultValue={user.email ?? ''}
                aria-invalid={Boolean(fields.email)}
              />
            </Field>
            <Field label="First name" htmlFor="edit-first-name" error={fields.firstName}>
              <Input id="edit-first-name" name="firstName" defaultValue={user.firstName ?? ''} />
            </Field>
            <Field label="Last name" htmlFor="edit-last-name" error={fields.lastName}>
              <Input id="edit-last-name" name="lastName" defaultValue={user.lastName ?? ''} />
            </Field>
            <Field label="Status" htmlFor="edit-status" hint="Suspending signs the user out." error={fields.status}>
              <Select id="edit-status" name="status" defaultValue={user.status}>
                <option value="active">Active</option>
                <option value="suspended">Suspended</option>
              </Select>
            </Field>
            <div className="flex items-center gap-3 sm:col-span-2">
              <Button type="submit" disabled={pending}>
                {pending ? 'Saving…' : 'Save'}
              </Button>
              {saved ? <span className="text-sm text-slate-600">Saved.</span> : null}
            </div>
          </form>
        </CardBody>
      </Card>

      <Card>
        <CardHeader
          title="Password"
          description="A one-time link, valid 24 hours, lets the user set a new password. A new link replaces an unused one."
        />
        <CardBody className="space-y-3">
          {linkError ? <Alert tone="error">{linkError}</Alert> : null}
          {link ? (
            <Alert tone="success" title="Send this link to the user. It is shown only once.">
              <span className="block font-mono text-xs break-all">{link.url}</span>
              <span className="mt-2 flex items-center gap-3">
                <CopyButton value={link.url} label="Copy link" />
                <span className="text-xs">Expires {link.expiresAt.slice(0, 16).replace('T', ' ')} UTC.</span>
              </span>
            </Alert>
          ) : null}
          <Button variant="secondary" onClick={() => void onLink()}>
            Create password link
          </Button>
        </CardBody>
      </Card>

      <Card>
        <CardHeader title="Delete user" />
        <CardBody>
          <ConfirmDeleteSection noun="user" endpoint={endpoint} redirectTo="/admin/users" confirmLabel="Delete user">
            {user.userName} is deleted with their group memberships and sessions; they can no longer sign in.
          </ConfirmDeleteSection>
        </CardBody>
      </Card>
    </>
  );
}
