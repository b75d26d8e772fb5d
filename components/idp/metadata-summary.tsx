import type { ReactNode } from 'react';
import { Alert } from '../ui/alert';
import { CertificateList, type CertificateRow } from './certificate-list';

export type MetadataSummaryProps = {
  entityId: string;
  ssoEndpoints: { binding: string; url: string }[];
  certificates: CertificateRow[];
  warnings?: string[];
  extra?: ReactNode;
};

/** What Gatehouse read from an IdP's metadata. */
export function MetadataSummary({ entityId, ssoEndpoints, certificates, warnings = [], extra }: MetadataSummaryProps) {
  return (
    <div className="space-y-5">
      {warnings.length ? (
        <Alert tone="warning" title="Check before relying on this IdP">
          <ul className="list-disc pl-4">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <dl className="grid gap-4 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-medium text-slate-500">Entity ID</dt>
        <dd className="font-mono text-xs break-all text-slate-900" data-testid="entity-id">
          {entityId}
        </dd>
        <dt className="font-medium text-slate-500">Single sign-on</dt>
        <dd>
          <ul className="space-y-1">
            {ssoEndpoints.map((e) => (
              <li key={`${e.binding} ${e.url}`} className="text-xs">
                <span className="mr-2 inline-block rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{e.binding}</span>
                <span className="font-mono break-all text-slate-900">{e.url}</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt className="font-medium text-slate-500">Signing certificates</dt>
        <dd>
          <CertificateList certificates={certificates} />
        </dd>
        {extra}
      </dl>
    </div>
  );
}
