import { Fragment, type ReactNode } from 'react';
import { InlineText } from './inline-text';
import type { FieldNode, SchemaNode } from './schema-view';

/** Where a component schema is described on the page. */
export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

/** A type label whose component names link to their sections. */
export function TypeLabel({ node }: { node: SchemaNode }) {
  const names = [...new Set(node.refs)];
  if (names.length === 0) return <span className="font-mono text-xs text-slate-600">{node.label}</span>;
  const pattern = new RegExp(`\\b(${names.map((name) => name.replace(/[^A-Za-z0-9]/g, '')).join('|')})\\b`, 'g');
  return (
    <span className="font-mono text-xs text-slate-600">
      {node.label.split(pattern).map((part, index) =>
        names.includes(part) ? (
          <a key={index} href={`#${schemaAnchor(part)}`} className="font-medium text-brand-700 hover:underline">
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </span>
  );
}

/** One named value of a schema or an operation: name, where it goes, type, required or not, constraints, description. */
export function FieldRow({
  name,
  location,
  node,
  required,
  description,
  children,
}: {
  name: string;
  location?: string;
  node: SchemaNode;
  required: boolean;
  description?: string;
  children?: ReactNode;
}) {
  return (
    <li className="px-3 py-2">
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        <code className="font-mono text-sm font-medium break-all text-slate-900">{name}</code>
        {location ? <span className="text-xs text-slate-500">{location}</span> : null}
        <TypeLabel node={node} />
        {required ? (
          <span className="text-xs font-medium text-slate-700">required</span>
        ) : (
          <span className="text-xs text-slate-400">optional</span>
        )}
        {node.constraints.map((constraint) => (
          <span key={constraint} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
            {constraint}
          </span>
        ))}
      </div>
      {description ? (
        <p className="mt-0.5 text-sm text-slate-600">
          <InlineText text={description} />
        </p>
      ) : null}
      {children}
    </li>
  );
}

function Field({ field, depth }: { field: FieldNode; depth: number }) {
  return (
    <FieldRow name={field.name} node={field.node} required={field.required} description={field.node.description}>
      <NestedFields node={field.node} depth={depth + 1} />
    </FieldRow>
  );
}

function NestedFields({ node, depth }: { node: SchemaNode; depth: number }) {
  if (depth > 5) return null;
  if (node.fields) {
    return (
      <div className="mt-2 pl-3">
        <FieldList fields={node.fields} depth={depth} />
      </div>
    );
  }
  if (node.variants) {
    return (
      <div className="mt-2 space-y-2 pl-3">
        {node.variants.map((variant, index) => (
          <div key={index}>
            <p className="mb-1 text-xs font-medium text-slate-500">Shape {index + 1}</p>
            {variant.fields ? <FieldList fields={variant.fields} depth={depth} /> : <TypeLabel node={variant} />}
          </div>
        ))}
      </div>
    );
  }
  return null;
}

export function FieldList({ fields, depth = 0 }: { fields: FieldNode[]; depth?: number }) {
  if (fields.length === 0) return <p className="text-sm text-slate-500">No fields.</p>;
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white">
      {fields.map((field) => (
        <Field key={field.name} field={field} depth={depth} />
      ))}
    </ul>
  );
}

/** A schema: its fields when it is an object (or a list of them), else its type; shapes of a union each listed. */
export function SchemaFields({ node }: { node: SchemaNode }) {
  if (node.fields) return <FieldList fields={node.fields} />;
  if (node.variants) return <NestedFields node={node} depth={0} />;
  return (
    <p className="text-sm">
      <TypeLabel node={node} />
      {node.constraints.length > 0 ? <span className="ml-2 text-xs text-slate-500">{node.constraints.join(', ')}</span> : null}
    </p>
  );
}

/** Pretty-printed JSON, folded away. */
export function JsonBlock({ value, summary = 'JSON Schema' }: { value: unknown; summary?: string }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-slate-700 hover:text-slate-900">{summary}</summary>
      <pre className="mt-2 max-h-96 overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs text-slate-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}
