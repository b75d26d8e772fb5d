'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/input';
import { Select } from '../ui/select';
import { TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { postJson, requestJson } from '../console/fetch-json';

export type AdminRow = { id: string; email: string; name: string; role: string; lastLoginAt: string | null };

const ROLE_LABEL: Record<string, string> = { super_admin: 'Super admin', read_only: 'Read-only' };

export function AdminsPanel({ admins, currentAdminId, canWrite }: { admins: AdminRow[]; currentAdminId: string; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function run(call: Promise<{ ok: boolean; message?: string; fields?: Record<string, string> }>) {
    setPending(true);
    const result = await call;
    setPending(false);
    const fieldErrors = result.ok ? {} : (result.fields ?? {});
    // Field errors show next to their field; the banner is for everything else.
    setError(result.ok || Object.keys(fieldErrors).length ? null : (result.message ?? 'Request failed'));
    setFields(fieldErrors);
    if (result.ok) router.refresh();
    return result.ok;
  }

  async function onAdd(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const ok = await run(
      postJson('/api/v1/admins', {
        email: form.get('email'),
        name: form.get('name'),
        password: form.get('password'),
        role: form.get('role'),
      }),
    );
    if (ok) formElement.reset();
  }

  return (
    <Card>
      <CardHeader
        title="Administrators"
        description="People who can sign in to this console. Read-only admins see everything and change nothing."
      />
      {error ? (
        <div className="px-6 pb-4">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Table>
        <THead>
          <TR>
            <TH>Email</TH>
            <TH>Name</TH>
            <TH>Role</TH>
            <TH>Last sign-in (UTC)</TH>
            {canWrite ? <TH className="text-right">Actions</TH> : null}
          </TR>
        </THead>
        <TBody>
          {admins.map((admin) => (
            <TR key={admin.id}>
              <TD className="font-medium text-slate-900">{admin.email}</TD>
              <TD>{admin.name || '—'}</TD>
              <TD>
                <Badge tone={admin.role === 'super_admin' ? 'info' : 'neutral'}>{ROLE_LABEL[admin.role] ?? admin.role}</Badge>
              </TD>
              <TD>{admin.lastLoginAt ? admin.lastLoginAt.slice(0, 16).replace('T', ' ') : 'Never'}</TD>
              {canWrite ? (
                <TD className="text-right whitespace-nowrap">
                  {admin.id === currentAdminId ? (
                    <span className="text-xs text-slate-500">You</span>
                  ) : (
                    <span className="inline-flex gap-2">
                      <Button
                        size="sm"
                        variant="secondary"
                        disabled={pending}
                        onClick={() =>
                          void run(
                            requestJson('PATCH', `/api/v1/admins/${admin.id}`, {
                              role: admin.role === 'super_admin' ? 'read_only' : 'super_admin',
                            }),
                          )
                        }
                      >
                        Make {admin.role === 'super_admin' ? 'read-only' : 'super admin'}
                      </Button>
                      <Button
                        size="sm"
                        variant="danger"
                        disabled={pending}
                        onClick={() => {
                          if (window.confirm(`Remove the administrator ${admin.email}?`)) {
                            void run(requestJson('DELETE', `/api/v1/admins/${admin.id}`));
                          }
                        }}
                      >
                        Remove
                      </Button>
                    </span>
                  )}
                </TD>
              ) : null}
            </TR>
          ))}
        </TBody>
      </Table>
      {canWrite ? (
        <CardBody className="border-t border-slate-200">
          <h3 className="text-sm font-semibold text-slate-900">Add an administrator</h3>
          <form method="post" onSubmit={onAdd} className="mt-4 grid gap-4 sm:grid-cols-2" noValidate>
            <Field label="Email" htmlFor="new-email" error={fields.email}>
              <Input id="new-email" name="email" type="email" required aria-invalid={Boolean(fields.email)} />
            </Field>
            <Field label="Name" htmlFor="new-name" error={fields.name}>
              <Input id="new-name" name="name" />
            </Field>
            <Field label="Initial password" htmlFor="new-password" hint="At least 12 characters." error={fields.password}>
              <Input
                id="new-password"
                name="password"
                type="password"
                autoComplete="new-password"
                required
                aria-invalid={Boolean(fields.password)}
              />
            </Field>
            <Field label="Role" htmlFor="new-role">
              <Select id="new-role" name="role" defaultValue="read_only">
                <option value="read_only">Read-only</option>
                <option value="super_admin">Super admin</option>
              </Select>
            </Field>
            <div className="sm:col-span-2">
              <Button type="submit" disabled={pending}>
                Add administrator
              </Button>
            </div>
          </form>
        </CardBody>
      ) : null}
    </Card>
  );
}
