'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Field, Input } from '../ui/input';
import { Select } from '../ui/select';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { CopyButton } from '../console/copy-button';
import { postJson, requestJson } from '../console/fetch-json';

export type ApiTokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: 'read' | 'full';
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { id: string; email: string } | null;
};

const SCOPE_LABEL: Record<ApiTokenRow['scope'], string> = { read: 'Read-only', full: 'Full access' };
const utc = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function ApiTokensPanel({
  tokens,
  canWrite,
  bootstrapTokenSet,
}: {
  tokens: ApiTokenRow[];
  canWrite: boolean;
  bootstrapTokenSet: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setPending(true);
    const result = await postJson<{ name: string; token: string }>('/api/v1/api-tokens', {
      name: form.get('name'),
      scope: form.get('scope'),
    });
    setPending(false);
    if (result.ok) {
      setCreated({ name: result.data.name, token: result.data.token });
      setError(null);
      setFields({});
      formElement.reset();
      router.refresh();
      return;
    }
    setFields(result.fields);
    setError(Object.keys(result.fields).length ? null : result.message);
  }

  async function onRevoke(token: ApiTokenRow) {
    if (!window.confirm(`Revoke the token “${token.name}”? Anything using it stops working at once.`)) return;
    setPending(true);
    const result = await requestJson('DELETE', `/api/v1/api-tokens/${token.id}`);
    setPending(false);
    setError(result.ok ? null : result.message);
    if (result.ok) router.refresh();
  }

  return (
    <div className="space-y-6">
      {created ? (
        <Alert tone="success" title={`Token “${created.name}” created`}>
          <p>Copy it now: it is shown only this once. Gatehouse stores only a hash of it.</p>
          <div className="mt-3 flex flex-wrap items-center gap-2">
            <code
              data-testid="new-api-token"
              className="rounded bg-white px-2 py-1 font-mono text-xs break-all text-slate-900 ring-1 ring-slate-200"
            >
              {created.token}
            </code>
            <CopyButton value={created.token} />
            <Button size="sm" variant="secondary" onClick={() => setCreated(null)}>
              Done
            </Button>
          </div>
        </Alert>
      ) : null}
      {bootstrapTokenSet ? (
        <Alert tone="info" title="Bootstrap token active">
          <code>GATEHOUSE_API_TOKEN</code> is set in this instance’s environment: it works as a full-access token. Unset it (and restart)
          once automation has tokens of its own.
        </Alert>
      ) : null}
      <Card>
        <CardHeader
          title="Tokens"
          description="Read-only tokens can call every GET of the API; full-access tokens can also change everything a super admin can. A token never does more than the admin who created it, and is revoked when that admin is removed."
        />
        {error ? (
          <div className="px-6 pb-4">
            <Alert tone="error">{error}</Alert>
          </div>
        ) : null}
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet" description={canWrite ? 'Create one below.' : 'A super admin can create one.'} />
        ) : (
          <Table>
            <THead>
              <TR>
                <TH>Name</TH>
                <TH>Token</TH>
                <TH>Scope</TH>
                <TH>Created</TH>
                <TH>Last used</TH>
                <TH>Status</TH>
                {canWrite ? <TH className="text-right">Actions</TH> : null}
              </TR>
            </THead>
            <TBody>
              {tokens.map((token) => (
                <TR key={token.id}>
                  <TD className="font-medium text-slate-900">{token.name}</TD>
                  <TD>
                    <code className="font-mono text-xs">{token.prefix}…</code>
                  </TD>
                  <TD>
                    <Badge tone={token.scope === 'full' ? 'warning' : 'neutral'}>{SCOPE_LABEL[token.scope]}</Badge>
                  </TD>
                  <TD>
                    {utc(token.createdAt)}
                    {token.createdBy ? <div className="text-xs text-slate-500">by {token.createdBy.email}</div> : null}
                  </TD>
                  <TD>{token.lastUsedAt ? utc(token.lastUsedAt) : 'Never'}</TD>
                  <TD>
                    {token.revokedAt ? (
                      <Badge tone="error">Revoked {token.revokedAt.slice(0, 10)}</Badge>
                    ) : (
                      <Badge tone="success">Active</Badge>
                    )}
                  </TD>
                  {canWrite ? (
                    <TD className="text-right">
                      {token.revokedAt ? null : (
                        <Button size="sm" variant="danger" disabled={pending} onClick={() => void onRevoke(token)}>
                          Revoke
                        </Button>
                      )}
                    </TD>
                  ) : null}
                </TR>
              ))}
            </TBody>
          </Table>
        )}
        {canWrite ? (
          <CardBody className="border-t border-slate-200">
            <h2 className="text-sm font-semibold text-slate-900">Create a token</h2>
            <form method="post" onSubmit={onCreate} className="mt-4 grid gap-4 sm:grid-cols-2" noValidate>
              <Field label="Name" htmlFor="token-name" hint="What uses it, e.g. “Terraform (CI)”." error={fields.name}>
                <Input id="token-name" name="name" required maxLength={100} aria-invalid={Boolean(fields.name)} />
              </Field>
              <Field label="Scope" htmlFor="token-scope" error={fields.scope}>
                <Select id="token-scope" name="scope" defaultValue="read">
                  <option value="read">Read-only</option>
                  <option value="full">Full access</option>
                </Select>
              </Field>
              <div className="sm:col-span-2">
                <Button type="submit" disabled={pending}>
                  Create token
                </Button>
              </div>
            </form>
          </CardBody>
        ) : null}
      </Card>
    </div>
  );
}
