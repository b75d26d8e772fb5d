import type { OpenApiDocument } from '../../lib/api/openapi/document';
import type { TagGroup } from './api-reference-toc';
import { OperationSection } from './operation-section';

/** One tag of the API: its name, what it covers, and each of its operations. */
export function TagSection({ document, tag }: { document: OpenApiDocument; tag: TagGroup }) {
  return (
    <section id={tag.anchor} className="scroll-mt-6 space-y-4" aria-labelledby={`${tag.anchor}-title`}>
      <div>
        <h2 id={`${tag.anchor}-title`} className="text-lg font-semibold text-slate-900">
          {tag.name}
        </h2>
        <p className="text-sm text-slate-600">{tag.description}</p>
      </div>
      {tag.operations.map(({ path, method, operation }) => (
        <OperationSection key={operation.operationId} document={document} path={path} method={method} operation={operation} />
      ))}
    </section>
  );
}
