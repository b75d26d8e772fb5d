'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card, CardBody, CardHeader } from '../ui/card';
import { Checkbox } from '../ui/checkbox';
import { Field, Input } from '../ui/input';
import { postJson } from '../console/fetch-json';
import { MetadataSourceInput, type MetadataSource } from './metadata-source-input';
import { MetadataSummary, type MetadataSummaryProps } from './metadata-summary';

export const IDP_INITIATED_WARNING =
  'IdP-initiated sign-in accepts responses Gatehouse did not ask for, so they cannot be bound to a browser: it is open to login CSRF and replay within the assertion lifetime. Allow it only for an IdP that requires it.';

export function IdpCreateForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [source, setSource] = useState<MetadataSource>({});
  const [allowIdpInitiated, setAllowIdpInitiated] = useState(false);
  const [preview, setPreview] = useState<MetadataSummaryProps | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  function fail(result: { message: string; fields: Record<string, string> }) {
    const fieldErrors = { ...result.fields };
    if (fieldErrors.metadataUrl) fieldErrors.metadataXml = fieldErrors.metadataUrl;
    setFields(fieldErrors);
    setError(Object.keys(fieldErrors).length ? null : result.message);
  }

  async function check() {
    setPending(true);
    const result = await postJson<MetadataSummaryProps>('/api/v1/identity-providers/metadata-preview', source);
    setPending(false);
    if (!result.ok) {
      setPreview(null);
      return fail(result);
    }
    setError(null);
    setFields({});
    setPreview(result.data);
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    const result = await postJson<{ id: string }>('/api/v1/identity-providers', { name, ...source, allowIdpInitiated });
    setPending(false);
    if (!result.ok) return fail(result);
    router.push(`/admin/identity-providers/${result.data.id}`);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card>
        <CardHeader
          title="Identity provider"
          description="A third-party SAML 2.0 IdP: Okta, Entra ID, ADFS, Shibboleth, SimpleSAMLphp, …"
        />
        <CardBody className="space-y-5">
          <Field label="Name" htmlFor="idp-name" error={fields.name} hint="Shown to admins, and to users as “Managed by NAME”.">
            <Input id="idp-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(fields.name)} required />
          </Field>
          <MetadataSourceInput
            error={fields.metadataXml}
            onChange={(next) => {
              setSource(next);
              setPreview(null);
            }}
          />
          <div>
            <Button variant="secondary" onClick={() => void check()} disabled={pending || (!source.metadataXml && !source.metadataUrl)}>
              Check metadata
            </Button>
          </div>
          <Checkbox
            id="idp-initiated"
            checked={allowIdpInitiated}
            onChange={(e) => setAllowIdpInitiated(e.target.checked)}
            label="Allow IdP-initiated sign-in"
            hint={
              allowIdpInitiated ? (
                <span className="text-amber-700">{IDP_INITIATED_WARNING}</span>
              ) : (
                'Off by default: sign-ins start at Gatehouse.'
              )
            }
          />
        </CardBody>
      </Card>
      {preview ? (
        <Card>
          <CardHeader title="What Gatehouse read from the metadata" />
          <CardBody>
            <MetadataSummary {...preview} />
          </CardBody>
        </Card>
      ) : null}
      <Button type="submit" disabled={pending}>
        {pending ? 'Working…' : 'Add identity provider'}
      </Button>
    </form>
  );
}
