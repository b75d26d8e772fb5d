import { Badge } from '../ui/badge';
import { Card, CardBody } from '../ui/card';
import type { OpenApiDocument, OpenApiOperation } from '../../lib/api/openapi/document';
import { resolveOperationResponse } from './resolve-response';
import { InlineText, Paragraphs } from './inline-text';
import { MethodBadge } from './method-badge';
import { FieldRow, SchemaFields, schemaAnchor } from './schema-fields';
import { componentOf, describeSchema } from './schema-view';

const PERMISSION_BADGES = {
  read: { tone: 'success', label: 'read · any admin, read or full token' },
  write: { tone: 'warning', label: 'write · super admin, full token' },
  public: { tone: 'neutral', label: 'public · no token' },
} as const;

function Heading({ children }: { children: string }) {
  return <h4 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">{children}</h4>;
}

/** A body or response schema: the component's name (linked) and, for a component, its fields. */
function BodySchema({ document, schema }: { document: OpenApiDocument; schema: Record<string, unknown> }) {
  const component = componentOf(schema);
  const resolved = component === undefined ? schema : document.components.schemas[component];
  const node = describeSchema(resolved ?? schema);
  return (
    <div className="space-y-2">
      {component ? (
        <p className="text-sm">
          <a href={`#${schemaAnchor(component)}`} className="font-mono font-medium text-brand-700 hover:underline">
            {component}
          </a>
          {node.description ? (
            <span className="text-slate-600">
              {' — '}
              <InlineText text={node.description} />
            </span>
          ) : null}
        </p>
      ) : null}
      <SchemaFields node={node} />
    </div>
  );
}

/** One operation: method, path, what it does, who may call it, its parameters, body and responses. */
export function OperationSection({
  document,
  path,
  method,
  operation,
}: {
  document: OpenApiDocument;
  path: string;
  method: string;
  operation: OpenApiOperation;
}) {
  const permission = PERMISSION_BADGES[operation['x-gatehouse-permission']];
  const parameters = operation.parameters ?? [];
  const body = operation.requestBody?.content['application/json']?.schema;
  const responses = Object.entries(operation.responses).map(([status, response]) => ({
    status,
    ...resolveOperationResponse(document, response),
  }));
  const successes = responses.filter((response) => Number(response.status) < 400);
  const errors = responses.filter((response) => Number(response.status) >= 400);

  return (
    <section id={operation.operationId} className="scroll-mt-6">
      <Card>
        <header className="border-b border-slate-200 px-5 py-4">
          <div className="flex flex-wrap items-center gap-3">
            <MethodBadge method={method} />
            <code className="font-mono text-sm font-medium break-all text-slate-900">{path}</code>
            <Badge tone={permission.tone}>{permission.label}</Badge>
          </div>
          <h3 className="mt-2 text-base font-semibold text-slate-900">{operation.summary}</h3>
          <div className="mt-1 space-y-1 text-sm text-slate-600">
            <Paragraphs text={operation.description} />
          </div>
        </header>
        <CardBody className="space-y-5">
          {parameters.length > 0 ? (
            <div>
              <Heading>Parameters</Heading>
              <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
                {parameters.map((parameter) => (
                  <FieldRow
                    key={`${parameter.in} ${parameter.name}`}
                    name={parameter.name}
                    location={parameter.in}
                    node={describeSchema(parameter.schema)}
                    required={parameter.required}
                    description={parameter.description}
                  />
                ))}
              </ul>
            </div>
          ) : null}

          {body ? (
            <div>
              <Heading>Request body (application/json)</Heading>
              <BodySchema document={document} schema={body} />
            </div>
          ) : null}

          <div>
            <Heading>Responses</Heading>
            <div className="space-y-4">
              {successes.map((response) => (
                <div key={response.status} className="space-y-2">
                  <p className="text-sm">
                    <span className="mr-2 font-mono font-semibold text-emerald-700">{response.status}</span>
                    <InlineText text={response.description} />
                    {response.mediaType ? <span className="ml-2 font-mono text-xs text-slate-500">{response.mediaType}</span> : null}
                  </p>
                  {response.schema && response.mediaType === 'application/json' ? (
                    <details className="rounded-md border border-slate-200 px-3 py-2">
                      <summary className="cursor-pointer text-sm font-medium text-slate-700 hover:text-slate-900">Response fields</summary>
                      <div className="mt-2">
                        <BodySchema document={document} schema={response.schema} />
                      </div>
                    </details>
                  ) : response.schema ? (
                    <p className="text-sm text-slate-600">
                      <InlineText text={describeSchema(response.schema).description ?? 'Text.'} />
                    </p>
                  ) : null}
                </div>
              ))}
            </div>
            <ul className="mt-4 space-y-1 text-sm">
              {errors.map((response) => (
                <li key={response.status} className="flex gap-2">
                  <span className="w-10 shrink-0 font-mono font-semibold text-red-700">{response.status}</span>
                  <span className="text-slate-600">
                    {response.code ? <code className="mr-1.5 font-mono text-xs text-slate-500">{response.code}</code> : null}
                    <InlineText text={response.description} />
                  </span>
                </li>
              ))}
            </ul>
          </div>
        </CardBody>
      </Card>
    </section>
  );
}
