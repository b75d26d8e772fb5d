import type { AttributeDefinition, ValidatedAssertion } from './types';
import {
  MAX_IDENTITY_VALUE_LENGTH,
  hasInvisibleCharacters,
  hasUnstorableCharacters,
  normalizeAttributeValue,
} from './normalize-attribute-value';
import { refusalMessages } from './refusal-messages';

/** Attributes that decide who the user is: a second value or a second occurrence is smuggling, never a choice. */
export const IDENTITY_ATTRIBUTES: readonly string[] = ['userName', 'ExternalId', 'domain', 'email'];

/** Attributes held in User columns: single-valued whatever their definition says. */
export const COLUMN_ATTRIBUTES: readonly string[] = ['userName', 'ExternalId', 'domain', 'email', 'firstName', 'lastName'];

/** Part of the contract even when the User Attributes page does not list them (rules 7, 9, 10). */
const IMPLICIT_DEFINITIONS: AttributeDefinition[] = [
  { name: 'userName', required: true, multiValued: false },
  { name: 'ExternalId', required: false, multiValued: false },
  { name: 'domain', required: false, multiValued: false },
];

export type CollectedAttributes =
  { ok: true; values: Map<string, string[]>; ignored: string[]; definitions: AttributeDefinition[] } | { ok: false; reason: string };

/** The definitions in force: the configured ones (in order), the implicit ones added, column attributes forced single-valued. */
export function effectiveDefinitions(definitions: AttributeDefinition[]): AttributeDefinition[] {
  const result = definitions.map((definition) => ({
    name: definition.name,
    required: definition.required || definition.name === 'userName',
    multiValued: definition.multiValued && !COLUMN_ATTRIBUTES.includes(definition.name),
  }));
  for (const implicit of IMPLICIT_DEFINITIONS) {
    if (!result.some((definition) => definition.name === implicit.name)) result.push(implicit);
  }
  return result;
}

/**
 * Rules 7 and 8: keeps the attributes that match a definition exactly (case included), with their
 * normalised non-empty values in document order, and refuses smuggling, invisible characters,
 * several values for a single-valued attribute and missing required attributes.
 */
export function collectAttributes(attributes: ValidatedAssertion['attributes'], definitions: AttributeDefinition[]): CollectedAttributes {
  const effective = effectiveDefinitions(definitions);
  const byName = new Map(effective.map((definition) => [definition.name, definition]));

  const seen = new Set<string>();
  for (const attribute of attributes) {
    if (IDENTITY_ATTRIBUTES.includes(attribute.name) && seen.has(attribute.name)) {
      return { ok: false, reason: refusalMessages.attributeRepeated(attribute.name) };
    }
    seen.add(attribute.name);
  }

  const values = new Map<string, string[]>();
  const ignored: string[] = [];
  const ignore = (name: string) => {
    if (!ignored.includes(name)) ignored.push(name);
  };
  for (const attribute of attributes) {
    if (!byName.has(attribute.name)) {
      ignore(attribute.name);
      continue;
    }
    const identity = IDENTITY_ATTRIBUTES.includes(attribute.name);
    const kept = values.get(attribute.name) ?? [];
    for (const raw of attribute.values) {
      const value = normalizeAttributeValue(raw);
      if (value === '') continue;
      if (identity ? hasInvisibleCharacters(value) : hasUnstorableCharacters(value)) {
        return { ok: false, reason: refusalMessages.attributeInvisibleCharacters(attribute.name) };
      }
      if (identity && value.length > MAX_IDENTITY_VALUE_LENGTH) {
        return { ok: false, reason: refusalMessages.attributeTooLong(attribute.name) };
      }
      kept.push(value);
    }
    values.set(attribute.name, kept);
  }

  for (const [name, kept] of values) {
    if (kept.length === 0) {
      values.delete(name);
      ignore(name);
    }
  }

  for (const definition of effective) {
    if (!definition.multiValued && (values.get(definition.name)?.length ?? 0) > 1) {
      return { ok: false, reason: refusalMessages.attributeSeveralValues(definition.name) };
    }
  }

  // userName first (rule 7 names it), then the attributes marked required, in display order.
  const required = [
    'userName',
    ...effective.filter((definition) => definition.required && definition.name !== 'userName').map((definition) => definition.name),
  ];
  for (const name of required) {
    if (!values.has(name)) return { ok: false, reason: refusalMessages.attributeMissing(name) };
  }

  return { ok: true, values, ignored, definitions: effective };
}
