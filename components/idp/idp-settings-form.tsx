'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox } from '../ui/checkbox';
import { Field, Input } from '../ui/input';
import { postJson, requestJson } from '../console/fetch-json';
import { IDP_INITIATED_WARNING } from './idp-create-form';
import { MetadataSourceInput, type MetadataSource } from './metadata-source-input';

type Props = { id: string; name: string; enabled: boolean; allowIdpInitiated: boolean; builtin: boolean; metadataUrl: string | null };

/** Name, enabled, IdP-initiated sign-in; and, for SAML IdPs, replacing or refreshing the metadata. */
export function IdpSettingsForm(props: Props) {
  const router = useRouter();
  const [name, setName] = useState(props.name);
  const [enabled, setEnabled] = useState(props.enabled);
  const [allowIdpInitiated, setAllowIdpInitiated] = useState(props.allowIdpInitiated);
  const [source, setSource] = useState<MetadataSource>({});
  const [message, setMessage] = useState<{ tone: 'success' | 'error' | 'warning'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function run(call: Promise<{ ok: true; data: { warnings?: string[] } } | { ok: false; message: string }>, done: string) {
    setPending(true);
    const result = await call;
    setPending(false);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const warnings = result.data?.warnings ?? [];
    setMessage(warnings.length ? { tone: 'warning', text: `${done} ${warnings.join(' ')}` } : { tone: 'success', text: done });
    router.refresh();
  }

  function save(event: FormEvent) {
    event.preventDefault();
    const body = props.builtin ? { name, enabled } : { name, enabled, allowIdpInitiated, ...source };
    void run(requestJson('PATCH', `/api/v1/identity-providers/${props.id}`, body), 'Saved.');
  }

  return (
    <form onSubmit={save} className="space-y-5" noValidate>
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Name" htmlFor="settings-name">
        <Input id="settings-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Checkbox
        id="settings-enabled"
        checked={enabled}
        onChange={(e) => setEnabled(e.target.checked)}
        label="Enabled"
        hint="A disabled IdP signs nobody in."
      />
      {props.builtin ? null : (
        <>
          <Checkbox
            id="settings-idp-initiated"
            checked={allowIdpInitiated}
            onChange={(e) => setAllowIdpInitiated(e.target.checked)}
            label="Allow IdP-initiated sign-in"
            hint={
              allowIdpInitiated ? <span className="text-amber-700">{IDP_INITIATED_WARNING}</span> : 'Off: sign-ins must start at Gatehouse.'
            }
          />
          <details className="rounded-lg border border-slate-200 p-4">
            <summary className="cursor-pointer text-sm font-medium text-slate-800">Replace the metadata</summary>
            <div className="mt-4">
              <MetadataSourceInput onChange={setSource} />
            </div>
          </details>
        </>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending}>
          Save changes
        </Button>
        {props.metadataUrl ? (
          <Button
            variant="secondary"
            disabled={pending}
            onClick={() => void run(postJson(`/api/v1/identity-providers/${props.id}/refresh`, {}), 'Metadata refreshed.')}
          >
            Refresh metadata now
          </Button>
        ) : null}
      </div>
    </form>
  );
}
