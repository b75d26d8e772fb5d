'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Field, Input } from '../ui/input';
import { Textarea } from '../ui/textarea';
import { postJson, requestJson, type JsonResult } from '../console/fetch-json';
import { TypedConfirm } from '../console/typed-confirm-dialog';
import { formText } from '../console/form-text';
import { DeletionProgress, type DeletionState } from '../directories/deletion-progress';

type Directory = {
  id: string;
  name: string;
  domains: string[];
  userCount: number;
  state: { kind: 'active'; label: string } | ({ kind: 'deleting' } & DeletionState);
};

function splitDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim())
    .filter(Boolean);
}

/**
 * Rules 2-4 in the console: enable JIT with a directory and domains, manage domains, delete the directory. While the
 * directory is being deleted (in the background) it shows the progress instead, and nothing can change.
 */
export function JitSection({
  idpId,
  idpName,
  directory,
  canWrite,
}: {
  idpId: string;
  idpName: string;
  directory: Directory | null;
  canWrite: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [newDomain, setNewDomain] = useState('');

  async function run(call: Promise<JsonResult<unknown>>): Promise<boolean> {
    setPending(true);
    const result = await call;
    setPending(false);
    setError(result.ok ? null : result.message);
    if (result.ok) router.refresh();
    return result.ok;
  }

  async function enable(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await run(
      requestJson('PUT', `/api/v1/identity-providers/${idpId}/jit`, {
        enabled: true,
        directory: { name: formText(form, 'directoryName'), domains: splitDomains(formText(form, 'domains')) },
      }),
    );
  }

  const alert = error ? <Alert tone="error">{error}</Alert> : null;

  if (!directory) {
    return (
      <div className="space-y-4">
        {alert}
        <p className="text-sm text-slate-600">
          JIT is <strong>off</strong>: {idpName} cannot sign anyone in until a JIT directory owns the domains of its users.
        </p>
        {canWrite ? (
          <form onSubmit={enable} className="space-y-4" noValidate>
            <Field label="Directory name" htmlFor="jit-directory-name">
              <Input id="jit-directory-name" name="directoryName" defaultValue={idpName} />
            </Field>
            <Field
              label="Domains"
              htmlFor="jit-domains"
              hint="One or more email domains, separated by spaces, commas or new lines (e.g. acme.com). Each domain belongs to one directory only."
            >
              <Textarea id="jit-domains" name="domains" rows={3} className="font-sans text-sm" />
            </Field>
            <Button type="submit" disabled={pending}>
              Enable JIT provisioning
            </Button>
          </form>
        ) : null}
      </div>
    );
  }

  if (directory.state.kind === 'deleting') {
    return (
      <div className="space-y-4">
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <Badge tone="warning">JIT off</Badge>
          <span>
            Directory{' '}
            <Link href={`/admin/directories/${directory.id}`} className="font-medium text-brand-700 hover:underline">
              {directory.name}
            </Link>{' '}
            is being deleted: {idpName} signs nobody in, and its domains ({directory.domains.join(', ')}) are freed when the deletion has
            finished.
          </span>
        </div>
        <DeletionProgress directoryId={directory.id} initial={directory.state} canRetry={canWrite} />
      </div>
    );
  }

  return (
    <div className="space-y-5">
      {alert}
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Badge tone="success">JIT on</Badge>
        <span>
          Directory{' '}
          <Link href={`/admin/directories/${directory.id}`} className="font-medium text-brand-700 hover:underline">
            {directory.name}
          </Link>{' '}
          · {directory.userCount} user{directory.userCount === 1 ? '' : 's'}
        </span>
      </div>
      <div>
        <h3 className="text-sm font-medium text-slate-800">Domains</h3>
        <ul className="mt-2 divide-y divide-slate-100 rounded-lg border border-slate-200" aria-label="Domains">
          {directory.domains.map((domain) => (
            <li key={domain} className="flex items-center justify-between px-3 py-2 text-sm">
              <span className="font-mono">{domain}</span>
              {canWrite ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={pending}
                  aria-label={`Remove ${domain}`}
                  onClick={() =>
                    void run(requestJson('DELETE', `/api/v1/directories/${directory.id}/domains/${encodeURIComponent(domain)}`))
                  }
                >
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
        {canWrite ? (
          <form
            className="mt-3 flex gap-2"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await run(postJson(`/api/v1/directories/${directory.id}/domains`, { domain: newDomain }))) setNewDomain('');
            }}
          >
            <Input
              aria-label="New domain"
              placeholder="another-domain.com"
              value={newDomain}
              onChange={(e) => setNewDomain(e.target.value)}
            />
            <Button type="submit" variant="secondary" disabled={pending || !newDomain.trim()}>
              Add domain
            </Button>
          </form>
        ) : null}
      </div>
      {canWrite ? (
        <TypedConfirm
          expected={String(directory.userCount)}
          actionLabel="Delete directory"
          pending={pending}
          prompt={`Type ${directory.userCount} to confirm`}
          onConfirm={() => void run(requestJson('DELETE', `/api/v1/directories/${directory.id}?confirmUsers=${directory.userCount}`))}
        >
          <p className="text-sm text-red-900">
            Deleting <strong>{directory.name}</strong> deletes its <strong>{directory.userCount}</strong> user
            {directory.userCount === 1 ? '' : 's'} with their group memberships and sessions, and turns JIT off: at once {idpName} signs
            nobody in and its users are signed out, until a new JIT directory is created. The users are deleted in the background; the
            domains are freed when that has finished.
          </p>
        </TypedConfirm>
      ) : null}
    </div>
  );
}
