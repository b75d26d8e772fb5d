'use client';

import { Button } from '../ui/button';
import { Checkbox } from '../ui/checkbox';
import { Input } from '../ui/input';
import { Textarea } from '../ui/textarea';
import { OPERATOR_LABELS, operatorTakesValue } from '@/lib/groups/describe-rule';
import { RULE_OPERATORS, type RuleOperator } from '@/lib/rules/rule-schemas';
import { selectClasses } from '../ui/select';

export type RuleAttributeOption = { name: string; displayName: string };

/** A rule as the form holds it: one text for a value, one line per value for "is one of". */
export type RuleDraft = { key: string; attribute: string; operator: RuleOperator; value: string; caseSensitive: boolean };

/** The API's shape of a draft rule. */
export function draftToRule(draft: RuleDraft) {
  const value =
    draft.operator === 'oneOf'
      ? draft.value
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
      : operatorTakesValue(draft.operator)
        ? draft.value
        : '';
  return { attribute: draft.attribute, operator: draft.operator, value, caseSensitive: draft.caseSensitive };
}

export function ruleToDraft(
  rule: { attribute: string; operator: RuleOperator; value: string | string[]; caseSensitive: boolean },
  key: string,
) {
  return {
    key,
    attribute: rule.attribute,
    operator: rule.operator,
    value: Array.isArray(rule.value) ? rule.value.join('\n') : rule.value,
    caseSensitive: rule.caseSensitive,
  } satisfies RuleDraft;
}

type Props = {
  index: number;
  draft: RuleDraft;
  attributes: readonly RuleAttributeOption[];
  errors: { attribute?: string; operator?: string; value?: string };
  canRemove: boolean;
  onChange: (draft: RuleDraft) => void;
  onRemove: () => void;
};

/** One row of the rule builder: attribute, operator, value (a list for "is one of"), case sensitivity. */
export function RuleEditor({ index, draft, attributes, errors, canRemove, onChange, onRemove }: Props) {
  const id = `rule-${draft.key}`;
  const label = `Rule ${index + 1}`;
  const knownAttribute = attributes.some((attribute) => attribute.name === draft.attribute);
  const takesValue = operatorTakesValue(draft.operator);
  const errorText = [errors.attribute, errors.operator, errors.value].filter(Boolean).join(' ');
  return (
    <fieldset className="rounded-lg border border-slate-200 p-4" aria-describedby={errorText ? `${id}-error` : undefined}>
      <legend className="px-1 text-sm font-medium text-slate-700">{label}</legend>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1.5fr)]">
        <div className="space-y-1">
          <label htmlFor={`${id}-attribute`} className="block text-xs font-medium text-slate-600">
            Attribute
          </label>
          <select
            id={`${id}-attribute`}
            className={selectClasses}
            value={draft.attribute}
            aria-invalid={Boolean(errors.attribute)}
            onChange={(e) => onChange({ ...draft, attribute: e.target.value })}
          >
            <option value="">Choose an attribute…</option>
            {attributes.map((attribute) => (
              <option key={attribute.name} value={attribute.name}>
                {attribute.displayName === attribute.name ? attribute.name : `${attribute.displayName} (${attribute.name})`}
              </option>
            ))}
            {draft.attribute && !knownAttribute ? <option value={draft.attribute}>{draft.attribute} (not defined)</option> : null}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-operator`} className="block text-xs font-medium text-slate-600">
            Operator
          </label>
          <select
            id={`${id}-operator`}
            className={selectClasses}
            value={draft.operator}
            onChange={(e) => onChange({ ...draft, operator: e.target.value as RuleOperator })}
          >
            {RULE_OPERATORS.map((operator) => (
              <option key={operator} value={operator}>
                {OPERATOR_LABELS[operator]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-value`} className="block text-xs font-medium text-slate-600">
            {draft.operator === 'oneOf' ? 'Values (one per line)' : draft.operator === 'matches' ? 'Regular expression' : 'Value'}
          </label>
          {draft.operator === 'oneOf' ? (
            <Textarea
              id={`${id}-value`}
              rows={3}
              value={draft.value}
              aria-invalid={Boolean(errors.value)}
              onChange={(e) => onChange({ ...draft, value: e.target.value })}
            />
          ) : (
            <Input
              id={`${id}-value`}
              value={takesValue ? draft.value : ''}
              disabled={!takesValue}
              placeholder={takesValue ? undefined : 'No value needed'}
              aria-invalid={Boolean(errors.value)}
              className={draft.operator === 'matches' ? 'font-mono' : undefined}
              onChange={(e) => onChange({ ...draft, value: e.target.value })}
            />
          )}
        </div>
      </div>
      <div className="mt-3 flex flex-wrap items-center justify-between gap-3">
        <Checkbox
          id={`${id}-case`}
          checked={draft.caseSensitive}
          disabled={!takesValue}
          onChange={(e) => onChange({ ...draft, caseSensitive: e.target.checked })}
          label="Case-sensitive"
        />
        {canRemove ? (
          <Button variant="ghost" size="sm" onClick={onRemove} aria-label={`Remove rule ${index + 1}`}>
            Remove
          </Button>
        ) : null}
      </div>
      {errorText ? (
        <p id={`${id}-error`} role="alert" className="mt-2 text-xs font-medium text-red-700">
          {errorText}
        </p>
      ) : null}
    </fieldset>
  );
}
