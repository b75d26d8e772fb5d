import { Card, CardBody } from '../ui/card';
import type { OpenApiDocument } from '../../lib/api/openapi/document';
import { InlineText } from './inline-text';
import { JsonBlock, SchemaFields, schemaAnchor } from './schema-fields';
import { describeSchema } from './schema-view';

/** Every named schema of the document: the resources, the request bodies and the error body. */
export function ApiReferenceSchemas({ document }: { document: OpenApiDocument }) {
  const schemas = Object.entries(document.components.schemas);
  return (
    <section id="schemas" className="scroll-mt-6 space-y-4" aria-labelledby="schemas-title">
      <div>
        <h2 id="schemas-title" className="text-lg font-semibold text-slate-900">
          Schemas
        </h2>
        <p className="text-sm text-slate-600">
          The resources the API answers and the bodies it takes, as JSON (times are ISO 8601 strings, UTC).
        </p>
      </div>
      {schemas.map(([name, schema]) => {
        const node = describeSchema(schema);
        return (
          <Card key={name}>
            <div id={schemaAnchor(name)} className="scroll-mt-6 border-b border-slate-200 px-5 py-3">
              <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
              {node.description ? (
                <p className="mt-0.5 text-sm text-slate-600">
                  <InlineText text={node.description} />
                </p>
              ) : null}
            </div>
            <CardBody className="space-y-3">
              <SchemaFields node={node} />
              <JsonBlock value={schema} />
            </CardBody>
          </Card>
        );
      })}
    </section>
  );
}
