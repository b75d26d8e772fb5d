'use client';

import { Fragment, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { EmptyState, TBody, TD, TH, THead, TR, Table } from '../ui/table';
import { requestJson } from '../console/fetch-json';

export type AttributeRow = {
  name: string;
  displayName: string;
  required: boolean;
  multiValued: boolean;
  builtIn: boolean;
  usedByGroups: string[];
  /** Why a control is disabled (null: it is not). */
  locks: { required: string | null; multiValued: string | null; delete: string | null };
};

const attributeUrl = (name: string) => `/api/v1/user-attributes/${encodeURIComponent(name)}`;

function YesNo({ value }: { value: boolean }) {
  return value ? <Badge tone="info">Yes</Badge> : <span className="text-slate-400">No</span>;
}

/** The attribute definitions; super admins toggle required / multi-valued and delete custom attributes. */
export function AttributeTable({ attributes, canWrite }: { attributes: AttributeRow[]; canWrite: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);

  async function run(method: 'PATCH' | 'DELETE', name: string, body?: unknown) {
    setPending(true);
    const result = await requestJson(method, attributeUrl(name), body);
    setPending(false);
    setError(result.ok ? null : result.message);
    if (result.ok) {
      setConfirming(null);
      router.refresh();
    }
  }

  if (attributes.length === 0) return <EmptyState title="No user attributes" />;
  const columns = canWrite ? 6 : 5;

  return (
    <>
      {error ? (
        <div className="px-5 py-4">
          <Alert tone="error">{error}</Alert>
        </div>
      ) : null}
      <Table>
        <THead>
          <TR>
            <TH>Name in the assertion</TH>
            <TH>Display name</TH>
            <TH>Required</TH>
            <TH>Multi-valued</TH>
            <TH>Used by groups</TH>
            {canWrite ? <TH className="text-right">Actions</TH> : null}
          </TR>
        </THead>
        <TBody>
          {attributes.map((attribute) => (
            <Fragment key={attribute.name}>
              <TR>
                <TD>
                  <span className="inline-flex flex-wrap items-center gap-2">
                    <code className="font-mono text-sm break-all text-slate-900">{attribute.name}</code>
                    {attribute.builtIn ? <Badge tone="neutral">Built-in</Badge> : null}
                  </span>
                </TD>
                <TD>{attribute.displayName}</TD>
                <TD>
                  {canWrite ? (
                    <Toggle
                      label={`Required: ${attribute.name}`}
                      checked={attribute.required}
                      lock={attribute.locks.required}
                      pending={pending}
                      onChange={(required) => void run('PATCH', attribute.name, { required })}
                    />
                  ) : (
                    <YesNo value={attribute.required} />
                  )}
                </TD>
                <TD>
                  {canWrite ? (
                    <Toggle
                      label={`Multi-valued: ${attribute.name}`}
                      checked={attribute.multiValued}
                      // The lock only forbids turning it on.
                      lock={attribute.multiValued ? null : attribute.locks.multiValued}
                      pending={pending}
                      onChange={(multiValued) => void run('PATCH', attribute.name, { multiValued })}
                    />
                  ) : (
                    <YesNo value={attribute.multiValued} />
                  )}
                </TD>
                <TD className="text-xs">{attribute.usedByGroups.join(', ') || '—'}</TD>
                {canWrite ? (
                  <TD className="text-right">
                    {attribute.builtIn ? null : (
                      <Button
                        size="sm"
                        variant="ghost"
                        className="text-red-700 hover:bg-red-50 hover:text-red-800"
                        disabled={pending || attribute.locks.delete !== null}
                        title={attribute.locks.delete ?? undefined}
                        aria-label={`Delete ${attribute.name}`}
                        onClick={() => setConfirming(attribute.name)}
                      >
                        Delete…
                      </Button>
                    )}
                  </TD>
                ) : null}
              </TR>
              {confirming === attribute.name ? (
                <tr>
                  <td colSpan={columns} className="bg-red-50 px-4 py-4">
                    <div role="group" aria-label={`Delete ${attribute.name}`} className="space-y-3">
                      <p className="text-sm text-red-900">
                        Delete the attribute <code className="font-mono font-semibold">{attribute.name}</code>? From the next sign-in,
                        Gatehouse ignores it in assertions. Values already stored on users are not deleted now; each user&rsquo;s next
                        sign-in removes them, as it keeps only defined attributes.
                      </p>
                      <div className="flex gap-2">
                        <Button variant="danger" size="sm" disabled={pending} onClick={() => void run('DELETE', attribute.name)}>
                          Delete attribute
                        </Button>
                        <Button variant="ghost" size="sm" onClick={() => setConfirming(null)}>
                          Cancel
                        </Button>
                      </div>
                    </div>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </TBody>
      </Table>
    </>
  );
}

function Toggle({
  label,
  checked,
  lock,
  pending,
  onChange,
}: {
  label: string;
  checked: boolean;
  lock: string | null;
  pending: boolean;
  onChange: (checked: boolean) => void;
}) {
  return (
    <input
      type="checkbox"
      aria-label={label}
      title={lock ?? undefined}
      checked={checked}
      disabled={pending || lock !== null}
      onChange={(event) => onChange(event.target.checked)}
      className="size-4 rounded border-slate-300 text-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600 disabled:opacity-50"
    />
  );
}
