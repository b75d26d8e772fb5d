import Link from 'next/link';
import { Button, buttonClasses } from '@/components/ui/button';
import { Field, Input, fieldDescribedBy } from '@/components/ui/input';
import type { UserFilterChoices } from '@/lib/users/list-user-filter-choices';
import { selectClasses } from '../ui/select';

export const USER_FILTER_KEYS = [
  'q',
  'directoryId',
  'domain',
  'groupId',
  'attribute',
  'value',
  'status',
  'lastSignInAfter',
  'lastSignInBefore',
  'limit',
] as const;

export type UserFilterValues = Partial<Record<(typeof USER_FILTER_KEYS)[number], string>>;

type Props = {
  /** The query string as given, so a refused value is shown back as typed. */
  values: UserFilterValues;
  choices: UserFilterChoices;
  /** Field errors from validation, by parameter name. */
  errors?: Record<string, string>;
};

/** Keeps a value the choices no longer hold (e.g. a deleted group in a shared link) selectable, so the form shows it. */
function withCurrent(options: { value: string; label: string }[], current: string | undefined) {
  return current && !options.some((option) => option.value === current) ? [...options, { value: current, label: current }] : options;
}

/**
 * A plain GET form, as the Audit Log's: it works without JavaScript and every filtered view has a URL to share.
 * Submitting starts again from the first page (the cursor is not carried).
 */
export function UserFilterBar({ values, choices, errors = {} }: Props) {
  const select = (
    id: string,
    name: keyof UserFilterValues,
    label: string,
    anyLabel: string,
    options: { value: string; label: string }[],
  ) => (
    <Field label={label} htmlFor={id} error={errors[name]}>
      <select id={id} name={name} defaultValue={values[name] ?? ''} className={selectClasses} aria-invalid={Boolean(errors[name])}>
        <option value="">{anyLabel}</option>
        {withCurrent(options, values[name]).map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
  // A new key remounts the form, so its default values follow navigation (Reset, links) rather than stay stale.
  const key = JSON.stringify(values);
  return (
    <form key={key} method="get" action="/admin/users" role="search" aria-label="Search users" className="px-5 py-4">
      {values.limit ? <input type="hidden" name="limit" value={values.limit} /> : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="sm:col-span-2">
          <Field label="Search" htmlFor="users-q" hint="Start of the user name, email or name; any case." error={errors.q}>
            <Input
              id="users-q"
              name="q"
              type="search"
              defaultValue={values.q ?? ''}
              placeholder="ada, ada@acme.test, Ada Lovelace"
              aria-describedby={fieldDescribedBy('users-q', { hint: true, error: errors.q })}
              aria-invalid={Boolean(errors.q)}
            />
          </Field>
        </div>
        {select(
          'users-directory',
          'directoryId',
          'Directory',
          'Any directory',
          choices.directories.map((directory) => ({ value: directory.id, label: directory.name })),
        )}
        {select(
          'users-domain',
          'domain',
          'Domain',
          'Any domain',
          choices.domains.map((domain) => ({ value: domain, label: domain })),
        )}
        {select(
          'users-group',
          'groupId',
          'Group',
          'Any group',
          choices.groups.map((group) => ({ value: group.id, label: group.name })),
        )}
        {select(
          'users-attribute',
          'attribute',
          'Attribute',
          'Any attribute',
          choices.attributes.map((attribute) => ({ value: attribute.name, label: attribute.displayName })),
        )}
        <Field label="Attribute value" htmlFor="users-value" hint="Exact value, case included." error={errors.value}>
          <Input
            id="users-value"
            name="value"
            defaultValue={values.value ?? ''}
            aria-describedby={fieldDescribedBy('users-value', { hint: true, error: errors.value })}
            aria-invalid={Boolean(errors.value)}
          />
        </Field>
        {select('users-status', 'status', 'Status', 'Any status', [
          { value: 'active', label: 'Active' },
          { value: 'suspended', label: 'Suspended' },
        ])}
        <Field label="Last sign-in after (UTC)" htmlFor="users-after" error={errors.lastSignInAfter}>
          <Input
            id="users-after"
            name="lastSignInAfter"
            type="datetime-local"
            defaultValue={values.lastSignInAfter ?? ''}
            aria-describedby={fieldDescribedBy('users-after', { error: errors.lastSignInAfter })}
            aria-invalid={Boolean(errors.lastSignInAfter)}
          />
        </Field>
        <Field label="Last sign-in before (UTC)" htmlFor="users-before" error={errors.lastSignInBefore}>
          <Input
            id="users-before"
            name="lastSignInBefore"
            type="datetime-local"
            defaultValue={values.lastSignInBefore ?? ''}
            aria-describedby={fieldDescribedBy('users-before', { error: errors.lastSignInBefore })}
            aria-invalid={Boolean(errors.lastSignInBefore)}
          />
        </Field>
      </div>
      <div className="mt-4 flex items-center gap-2">
        <Button type="submit" size="sm">
          Search
        </Button>
        <Link href="/admin/users" className={buttonClasses('ghost', 'sm')}>
          Reset
        </Link>
      </div>
    </form>
  );
}
