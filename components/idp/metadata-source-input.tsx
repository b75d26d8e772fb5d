'use client';

import { useId, useState } from 'react';
import { Field, Input } from '../ui/input';
import { Textarea } from '../ui/textarea';

export type MetadataSource = { metadataXml?: string; metadataUrl?: string };

const TABS = [
  { key: 'xml', label: 'Paste XML' },
  { key: 'file', label: 'Upload file' },
  { key: 'url', label: 'Metadata URL' },
] as const;
type Tab = (typeof TABS)[number]['key'];

/** IdP metadata as pasted XML, an uploaded file, or a URL fetched by the server. */
export function MetadataSourceInput({ onChange, error }: { onChange: (source: MetadataSource) => void; error?: string }) {
  const id = useId();
  const [tab, setTab] = useState<Tab>('xml');
  const [fileName, setFileName] = useState<string | null>(null);

  return (
    <div>
      <div role="tablist" aria-label="Metadata source" className="mb-3 inline-flex rounded-lg bg-slate-100 p-1">
        {TABS.map((t) => (
          <button
            key={t.key}
            type="button"
            role="tab"
            aria-selected={tab === t.key}
            onClick={() => {
              setTab(t.key);
              onChange({});
            }}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${tab === t.key ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tab === 'xml' ? (
        <Field
          label="IdP metadata XML"
          htmlFor={`${id}-xml`}
          error={error}
          hint="The SAML 2.0 metadata your IdP publishes (EntityDescriptor)."
        >
          <Textarea
            id={`${id}-xml`}
            rows={10}
            spellCheck={false}
            placeholder={'<md:EntityDescriptor entityID="https://idp.example.com/…">'}
            onChange={(e) => onChange({ metadataXml: e.target.value })}
            aria-invalid={Boolean(error)}
          />
        </Field>
      ) : null}
      {tab === 'file' ? (
        <Field
          label="Metadata file"
          htmlFor={`${id}-file`}
          error={error}
          hint={fileName ? `Read ${fileName}.` : 'An .xml file exported from your IdP.'}
        >
          <input
            id={`${id}-file`}
            type="file"
            accept=".xml,application/xml,text/xml,application/samlmetadata+xml"
            className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              setFileName(file?.name ?? null);
              onChange(file ? { metadataXml: await file.text() } : {});
            }}
          />
        </Field>
      ) : null}
      {tab === 'url' ? (
        <Field
          label="Metadata URL"
          htmlFor={`${id}-url`}
          error={error}
          hint="Gatehouse fetches it now (10 s timeout, 1 MiB at most) and when you press Refresh."
        >
          <Input
            id={`${id}-url`}
            type="url"
            placeholder="https://idp.example.com/metadata.xml"
            onChange={(e) => onChange({ metadataUrl: e.target.value })}
            aria-invalid={Boolean(error)}
          />
        </Field>
      ) : null}
    </div>
  );
}
