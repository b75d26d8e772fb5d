import { Badge } from '../ui/badge';

export type CertificateRow = { fingerprintSha256: string; subject: string; notBefore: string | Date; notAfter: string | Date };

const day = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

function expiry(notAfter: Date, now: Date): { tone: 'success' | 'warning' | 'error'; label: string } {
  const days = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  if (days < 0) return { tone: 'error', label: 'Expired' };
  if (days <= 30) return { tone: 'warning', label: `Expires in ${days} day${days === 1 ? '' : 's'}` };
  return { tone: 'success', label: 'Valid' };
}

/** Signing certificates: subject, SHA-256 fingerprint, validity, with expiry warnings. */
export function CertificateList({ certificates, now = new Date() }: { certificates: CertificateRow[]; now?: Date }) {
  return (
    <ul className="divide-y divide-slate-100">
      {certificates.map((cert) => {
        const notAfter = new Date(cert.notAfter);
        const status = expiry(notAfter, now);
        return (
          <li key={cert.fingerprintSha256} className="py-3 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="text-sm font-medium break-all text-slate-900">{cert.subject || '(no subject)'}</span>
              <Badge tone={status.tone}>{status.label}</Badge>
            </div>
            <p className="mt-1 font-mono text-xs break-all text-slate-500" title="SHA-256 fingerprint">
              SHA-256 {cert.fingerprintSha256}
            </p>
            <p className="mt-0.5 text-xs text-slate-500">
              Valid {day.format(new Date(cert.notBefore))} – {day.format(notAfter)} (UTC)
            </p>
          </li>
        );
      })}
    </ul>
  );
}
