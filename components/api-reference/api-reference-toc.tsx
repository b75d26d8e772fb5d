import { Card, CardBody, CardHeader } from '../ui/card';
import type { OpenApiDocument, OpenApiOperation } from '../../lib/api/openapi/document';
import { MethodBadge } from './method-badge';

export type TagGroup = {
  name: string;
  description: string;
  anchor: string;
  operations: { path: string; method: string; operation: OpenApiOperation }[];
};

/** The document's operations by tag, in the document's tag order, each tag's operations in document order. */
export function groupOperationsByTag(document: OpenApiDocument): TagGroup[] {
  const groups = document.tags.map((tag) => ({
    name: tag.name,
    description: tag.description,
    anchor: `tag-${tag.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    operations: [] as TagGroup['operations'],
  }));
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const group = groups.find((candidate) => operation.tags.includes(candidate.name));
      group?.operations.push({ path, method, operation });
    }
  }
  return groups.filter((group) => group.operations.length > 0);
}

/** Every operation on one card, by tag: method, path and summary, each a link to its section. */
export function ApiReferenceToc({ tags }: { tags: TagGroup[] }) {
  return (
    <Card>
      <CardHeader title="Operations" description={`${tags.reduce((sum, tag) => sum + tag.operations.length, 0)} operations.`} />
      <CardBody className="grid gap-6 lg:grid-cols-2">
        {tags.map((tag) => (
          <div key={tag.name}>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              <a href={`#${tag.anchor}`} className="hover:underline">
                {tag.name}
              </a>
            </h3>
            <ul className="space-y-1">
              {tag.operations.map(({ path, method, operation }) => (
                <li key={operation.operationId}>
                  <a href={`#${operation.operationId}`} className="group flex items-center gap-2 text-sm" title={operation.summary}>
                    <MethodBadge method={method} />
                    <span className="min-w-0 truncate font-mono text-xs text-slate-700 group-hover:text-brand-700">{path}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </CardBody>
    </Card>
  );
}
