import Link from 'next/link';
import { Button, buttonClasses } from '@/components/ui/button';
import { Field, Input, fieldDescribedBy } from '@/components/ui/input';
import { AUDIT_EVENT_TYPES, type AuditEventType } from '@/lib/audit/audit-event-query';
import { selectClasses } from '../ui/select';

export type AuditFilterValues = Partial<Record<'type' | 'action' | 'idpId' | 'user' | 'outcome' | 'from' | 'to' | 'limit', string>>;

type Props = {
  /** The query string as given, so a refused value is shown back as typed. */
  values: AuditFilterValues;
  idps: { id: string; name: string }[];
  /** Field errors from validation, by parameter name. */
  errors?: Record<string, string>;
};

const TYPE_ENTRIES = Object.entries(AUDIT_EVENT_TYPES) as [AuditEventType, { label: string }][];

/**
 * A plain GET form: it works without JavaScript and every filtered view has a URL to share.
 * Submitting starts again from the first page (the cursor is not carried).
 */
export function AuditFilterBar({ values, idps, errors = {} }: Props) {
  // Events of a deleted IdP keep its id: still offer it, so such a filter shows what it is.
  const idpOptions =
    values.idpId && !idps.some((idp) => idp.id === values.idpId)
      ? [...idps, { id: values.idpId, name: `Deleted IdP (${values.idpId})` }]
      : idps;
  // A new key remounts the form, so its default values follow navigation (Reset, links) rather than stay stale.
  const key = JSON.stringify(values);
  return (
    <form key={key} method="get" action="/admin/audit" role="search" aria-label="Filter audit events" className="px-5 py-4">
      {values.action ? <input type="hidden" name="action" value={values.action} /> : null}
      {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
        <Field label="Event type" htmlFor="audit-type" error={errors.type}>
          <select
            id="audit-type"
            name="type"
            defaultValue={values.type ?? ''}
            className={selectClasses}
            aria-invalid={Boolean(errors.type)}
          >
            <option value="">All events</option>
            {TYPE_ENTRIES.map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Identity provider" htmlFor="audit-idp" error={errors.idpId}>
          <select id="audit-idp" name="idpId" defaultValue={values.idpId ?? ''} className={selectClasses}>
            <option value="">Any</option>
            {idpOptions.map((idp) => (
              <option key={idp.id} value={idp.id}>
                {idp.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="User" htmlFor="audit-user" hint="Part of an actor or target, any case." error={errors.user}>
          <Input
            id="audit-user"
            name="user"
            type="search"
            defaultValue={values.user ?? ''}
            placeholder="name@example.com"
            aria-describedby={fieldDescribedBy('audit-user', { hint: true, error: errors.user })}
            aria-invalid={Boolean(errors.user)}
          />
        </Field>
        <Field label="Outcome" htmlFor="audit-outcome" error={errors.outcome}>
          <select
            id="audit-outcome"
            name="outcome"
            defaultValue={values.outcome ?? ''}
            className={selectClasses}
            aria-invalid={Boolean(errors.outcome)}
          >
            <option value="">Any</option>
            <option value="success">Success</option>
            <option value="failure">Failure</option>
          </select>
        </Field>
        <Field label="From (UTC)" htmlFor="audit-from" error={errors.from}>
          <Input
            id="audit-from"
            name="from"
            type="datetime-local"
            defaultValue={values.from ?? ''}
            aria-describedby={fieldDescribedBy('audit-from', { error: errors.from })}
            aria-invalid={Boolean(errors.from)}
          />
        </Field>
        <Field label="To (UTC)" htmlFor="audit-to" error={errors.to}>
          <Input
            id="audit-to"
            name="to"
            type="datetime-local"
            defaultValue={values.to ?? ''}
            aria-describedby={fieldDescribedBy('audit-to', { error: errors.to })}
            aria-invalid={Boolean(errors.to)}
          />
        </Field>
      </div>
      <div className="mt-4 flex items-center gap-2">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        <Link href="/admin/audit" className={buttonClasses('ghost', 'sm')}>
          Reset
        </Link>
      </div>
    </form>
  );
}
