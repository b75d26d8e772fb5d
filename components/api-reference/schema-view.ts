import type { JsonSchema } from '../../lib/api/openapi/document';
import { SCHEMA_REF_PREFIX } from '../../lib/api/openapi/refs';

/**
 * JSON Schemas of the OpenAPI document as people read them: a type label ("string | null", "array of Group"),
 * constraints in words, and the fields of objects. References to components stay names (the page links them to
 * the schema's own section) rather than being expanded everywhere.
 */

export type SchemaNode = {
  /** E.g. `string`, `integer`, `"all" | "any"`, `array of Directory`, `Directory | null`. */
  label: string;
  /** The component named, when the schema is (or is an array or nullable of) a `$ref`. */
  refs: string[];
  description?: string;
  constraints: string[];
  /** An object's own fields (not those of a referenced component). */
  fields?: FieldNode[];
  /** The shapes of a union of objects (e.g. a state that is `active` or `deleting`). */
  variants?: SchemaNode[];
};

export type FieldNode = { name: string; required: boolean; node: SchemaNode };

export function refName(ref: string): string {
  return ref.startsWith(SCHEMA_REF_PREFIX) ? ref.slice(SCHEMA_REF_PREFIX.length) : ref;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function subschemas(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.filter(isSchema) : [];
}

const literal = (value: unknown) => JSON.stringify(value);

/** Bounds far beyond anything real (zod's safe-integer limits) say nothing to a reader. */
const meaningful = (value: unknown): value is number => typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER;

function constraintsOf(schema: JsonSchema): string[] {
  const out: string[] = [];
  const pair = (min: unknown, max: unknown, unit: string) => {
    const units = (n: number) => (n === 1 ? unit : `${unit}s`);
    if (meaningful(min) && meaningful(max)) out.push(min === max ? `exactly ${min} ${units(min)}` : `${min}–${max} ${units(max)}`);
    else if (meaningful(min)) out.push(`at least ${min} ${units(min)}`);
    else if (meaningful(max)) out.push(`at most ${max} ${units(max)}`);
  };
  pair(schema.minLength, schema.maxLength, 'character');
  pair(schema.minItems, schema.maxItems, 'item');
  if (meaningful(schema.minimum) && meaningful(schema.maximum)) out.push(`${schema.minimum} to ${schema.maximum}`);
  else if (meaningful(schema.minimum)) out.push(`≥ ${schema.minimum}`);
  else if (meaningful(schema.maximum)) out.push(`≤ ${schema.maximum}`);
  if (typeof schema.format === 'string' && schema.format !== 'date-time' && schema.format !== 'date') out.push(`format ${schema.format}`);
  // Long patterns are the date-time and date grammars: their format (or the description) says it better.
  if (typeof schema.pattern === 'string' && schema.pattern.length <= 80 && schema.format === undefined)
    out.push(`pattern ${schema.pattern}`);
  if ('default' in schema) out.push(`default ${literal(schema.default)}`);
  return out;
}

function baseLabel(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
  const type = schema.type;
  if (type === 'array') return `array of ${isSchema(schema.items) ? baseLabel(schema.items) : 'anything'}`;
  if (type === 'object') {
    if (isSchema(schema.additionalProperties) && !isSchema(schema.properties))
      return `map of string → ${baseLabel(schema.additionalProperties)}`;
    return 'object';
  }
  if (type === 'string' && (schema.format === 'date-time' || schema.format === 'date')) return schema.format;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.join(' | ');
  const union = [...subschemas(schema.anyOf), ...subschemas(schema.oneOf)];
  if (union.length > 0) return union.map(baseLabel).join(' | ');
  if (Array.isArray(schema.allOf)) return subschemas(schema.allOf).map(baseLabel).join(' & ');
  return 'any JSON';
}

function refsOf(schema: JsonSchema): string[] {
  if (typeof schema.$ref === 'string') return [refName(schema.$ref)];
  if (isSchema(schema.items)) return refsOf(schema.items);
  return [...subschemas(schema.anyOf), ...subschemas(schema.oneOf)].flatMap(refsOf);
}

function fieldsOf(schema: JsonSchema): FieldNode[] | undefined {
  if (!isSchema(schema.properties)) return undefined;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties).map(([name, child]) => ({
    name,
    required: required.has(name),
    node: describeSchema(isSchema(child) ? child : {}),
  }));
}

/** The readable form of one schema: its own fields expanded, components named. */
export function describeSchema(schema: JsonSchema): SchemaNode {
  const node: SchemaNode = { label: baseLabel(schema), refs: refsOf(schema), constraints: constraintsOf(schema) };
  if (typeof schema.description === 'string') node.description = schema.description;
  const fields = fieldsOf(schema) ?? (isSchema(schema.items) ? fieldsOf(schema.items) : undefined);
  if (fields) node.fields = fields;
  // A nullable inline object (`{…} | null`): its fields, and the label says it may be null.
  const union = [...subschemas(schema.anyOf), ...subschemas(schema.oneOf)];
  const objects = union.filter((member) => isSchema(member.properties));
  if (objects.length === 1 && !node.fields) {
    const [only] = objects;
    if (only) node.fields = fieldsOf(only);
    node.label = union.map((member) => (member === only ? 'object' : baseLabel(member))).join(' | ');
  } else if (objects.length > 1) {
    node.variants = objects.map(describeSchema);
    const others = union.filter((member) => !isSchema(member.properties)).map(baseLabel);
    node.label = [`one of ${objects.length} objects`, ...others].join(' | ');
  }
  return node;
}

/** The component a schema is, if it is a plain `$ref`. */
export function componentOf(schema: JsonSchema): string | undefined {
  return typeof schema.$ref === 'string' ? refName(schema.$ref) : undefined;
}
