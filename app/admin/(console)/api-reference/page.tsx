import type { Metadata } from 'next';
import Link from 'next/link';
import { ApiReferenceSchemas } from '@/components/api-reference/api-reference-schemas';
import { ApiReferenceToc, groupOperationsByTag } from '@/components/api-reference/api-reference-toc';
import { Paragraphs, markdownSections } from '@/components/api-reference/inline-text';
import { TagSection } from '@/components/api-reference/tag-section';
import { CopyButton } from '@/components/console/copy-button';
import { buttonClasses } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { buildOpenApiDocument } from '@/lib/api/openapi/document';
import { requireAdminPage } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';

export const metadata: Metadata = { title: 'API reference' };

export default async function ApiReferencePage() {
  await requireAdminPage('read', '/admin/api-reference');
  const baseUrl = getEnv().GATEHOUSE_URL.replace(/\/+$/, '');
  const document = buildOpenApiDocument(baseUrl);
  const tags = groupOperationsByTag(document);
  // The document's own words on errors, lists and values; authentication has its own card above them.
  const conventions = markdownSections(document.info.description).filter((section) => section.title && section.title !== 'Authentication');
  const curl = `curl -H "Authorization: Bearer $GATEHOUSE_TOKEN" ${baseUrl}/api/v1/dashboard`;

  return (
    <>
      <PageHeader
        title="API reference"
        description={`${document.info.title} ${document.info.version}: everything the console does, as JSON under /api/v1/.`}
        actions={
          <>
            <Link href="/admin/api-tokens" className={buttonClasses('secondary', 'sm')}>
              API tokens
            </Link>
            <a href="/api/v1/openapi.json" className={buttonClasses('primary', 'sm')}>
              OpenAPI document (JSON)
            </a>
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Authentication" />
          <CardBody className="space-y-3 text-sm text-slate-700">
            <p>
              Send an API token in the <code>Authorization</code> header: <code>Authorization: Bearer &lt;token&gt;</code>. Super admins
              create tokens under{' '}
              <Link href="/admin/api-tokens" className="font-medium text-brand-700 hover:underline">
                API Tokens
              </Link>
              ; a token is shown once, when it is created.
            </p>
            <ul className="list-disc space-y-1 pl-5">
              <li>
                A <strong>read</strong> token may call the operations marked <em>read</em>: every <code>GET</code>.
              </li>
              <li>
                A <strong>full</strong> token may call every operation, those marked <em>write</em> too.
              </li>
              <li>A revoked or unknown token is refused with 401; a read token calling a write operation gets 403.</li>
            </ul>
            <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
              <pre className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-50 px-3 py-2 font-mono text-xs text-slate-800">{curl}</pre>
              <CopyButton value={curl} />
            </div>
            <p>
              The machine-readable description of this API is at{' '}
              <a href="/api/v1/openapi.json" className="font-mono font-medium text-brand-700 hover:underline">
                /api/v1/openapi.json
              </a>{' '}
              (OpenAPI 3.1, public): import it into an HTTP client or a code generator.
            </p>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Conventions" />
          <CardBody className="space-y-4 text-sm text-slate-700">
            {conventions.map((section) => (
              <div key={section.title} className="space-y-1">
                <h3 className="font-semibold text-slate-900">{section.title}</h3>
                <Paragraphs text={section.body} />
              </div>
            ))}
          </CardBody>
        </Card>

        <ApiReferenceToc tags={tags} />

        {tags.map((tag) => (
          <TagSection key={tag.name} document={document} tag={tag} />
        ))}

        <ApiReferenceSchemas document={document} />
      </div>
    </>
  );
}
