import { Fragment } from 'react';
import { Badge } from '@/components/ui/badge';
import { TBody, TD, TH, THead, TR, Table } from '@/components/ui/table';
import type { AuditEventView } from '@/lib/audit/list-audit-events';

type Props = {
  events: AuditEventView[];
  /** IdP names by id, for the expanded view (events of a deleted IdP show its id only). */
  idpNames: Record<string, string>;
};

/** `2026-02-01 12:00:05 UTC`: seconds matter in an audit log, and the zone is always UTC. */
export function formatAuditTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const COLUMNS = 7;

export function AuditEventTable({ events, idpNames }: Props) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Time</TH>
          <TH>Event</TH>
          <TH>Actor</TH>
          <TH>Target</TH>
          <TH>Outcome</TH>
          <TH>Reason</TH>
          <TH>
            <span className="sr-only">Details</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {events.map((event) => (
          <Fragment key={event.id}>
            <TR>
              <TD className="whitespace-nowrap tabular-nums">
                <time dateTime={event.createdAt.toISOString()}>{formatAuditTime(event.createdAt)}</time>
              </TD>
              <TD className="font-mono text-xs whitespace-nowrap">{event.action}</TD>
              <TD>
                <Labelled label={event.actorLabel ?? event.actorId} kind={event.actorType} />
              </TD>
              <TD>{event.targetType ? <Labelled label={event.targetLabel ?? event.targetId} kind={event.targetType} /> : '—'}</TD>
              <TD>
                <Badge tone={event.outcome === 'success' ? 'success' : 'error'}>{event.outcome}</Badge>
              </TD>
              <TD className="max-w-xs text-xs break-words text-slate-600">{event.reason ?? '—'}</TD>
              <TD>
                {/* A native disclosure (no JavaScript); its panel is the next row, shown by CSS while it is open. */}
                <details>
                  <summary
                    aria-controls={`audit-details-${event.id}`}
                    className="cursor-pointer text-xs font-medium whitespace-nowrap text-brand-700 hover:underline"
                  >
                    Details
                  </summary>
                </details>
              </TD>
            </TR>
            <tr id={`audit-details-${event.id}`} className="hidden bg-slate-50/60 [tr:has(details[open])+&]:table-row">
              <td colSpan={COLUMNS} className="px-4 pt-1 pb-4">
                <EventDetails event={event} idpName={event.idpId ? idpNames[event.idpId] : undefined} />
              </td>
            </tr>
          </Fragment>
        ))}
      </TBody>
    </Table>
  );
}

function Labelled({ label, kind }: { label: string | null; kind: string }) {
  return (
    <div className="min-w-0">
      <div className="max-w-64 truncate" title={label ?? undefined}>
        {label ?? kind}
      </div>
      {label ? <div className="text-xs text-slate-500">{kind}</div> : null}
    </div>
  );
}

/** Everything recorded about one event: ids, the IdP, and the details JSON pretty-printed. */
function EventDetails({ event, idpName }: { event: AuditEventView; idpName: string | undefined }) {
  const facts: [string, string | null][] = [
    ['Event ID', event.id],
    ['Actor ID', event.actorId],
    ['Target ID', event.targetId],
    ['Identity provider', event.idpId ? (idpName ? `${idpName} (${event.idpId})` : event.idpId) : null],
  ];
  return (
    <div
      role="group"
      aria-label={`Details of ${event.action} at ${formatAuditTime(event.createdAt)}`}
      className="flex flex-col gap-3 text-xs lg:flex-row"
    >
      <dl className="grid shrink-0 grid-cols-[auto_1fr] content-start gap-x-3 gap-y-1">
        {facts
          .filter((fact): fact is [string, string] => fact[1] !== null)
          .map(([term, value]) => (
            <div key={term} className="contents">
              <dt className="text-slate-500">{term}</dt>
              <dd className="font-mono break-all text-slate-800">{value}</dd>
            </div>
          ))}
      </dl>
      {event.details === null ? (
        <p className="text-slate-500">No further details were recorded.</p>
      ) : (
        <pre className="max-h-96 min-w-0 flex-1 overflow-auto rounded-md bg-white p-3 font-mono text-xs whitespace-pre-wrap break-words text-slate-800 ring-1 ring-slate-200 ring-inset">
          {typeof event.details === 'string' ? event.details : JSON.stringify(event.details, null, 2)}
        </pre>
      )}
    </div>
  );
}
