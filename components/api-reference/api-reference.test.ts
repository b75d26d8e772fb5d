import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../lib/api/openapi/document';
import { ApiReferenceSchemas } from './api-reference-schemas';
import { ApiReferenceToc, groupOperationsByTag } from './api-reference-toc';
import { markdownSections } from './inline-text';
import { resolveOperationResponse } from './resolve-response';
import { describeSchema } from './schema-view';
import { TagSection } from './tag-section';

const document = buildOpenApiDocument('https://sso.acme.test');

function renderReference(): string {
  const tags = groupOperationsByTag(document);
  return renderToStaticMarkup(
    createElement(
      'div',
      null,
      createElement(ApiReferenceToc, { tags }),
      ...tags.map((tag) => createElement(TagSection, { key: tag.name, document, tag })),
      createElement(ApiReferenceSchemas, { document }),
    ),
  );
}

describe('describeSchema', () => {
  it('labels types, unions, lists and references as people read them', () => {
    const schemas = document.components.schemas;
    const directory = describeSchema(schemas.Directory ?? {});
    const field = (name: string) => directory.fields?.find((entry) => entry.name === name);
    expect(field('type')?.node.label).toBe('"jit" | "local"');
    expect(field('idp')?.node.label).toBe('object | null');
    expect(field('idp')?.node.fields?.map((entry) => entry.name)).toEqual(['id', 'name']);
    expect(field('domains')?.node.label).toBe('array of string');
    expect(field('lastSignInAt')?.node.label).toBe('date-time | null');
    expect(field('userCount')?.node).toMatchObject({ label: 'integer', constraints: ['≥ 0'] });
    expect(field('state')?.node).toMatchObject({ label: 'DirectoryState', refs: ['DirectoryState'] });
    expect(field('state')?.required).toBe(true);

    const state = describeSchema(schemas.DirectoryState ?? {});
    expect(state.label).toBe('one of 2 objects');
    expect(state.variants?.map((variant) => variant.fields?.map((entry) => entry.name))).toEqual([
      ['kind', 'label'],
      ['kind', 'label', 'since', 'deletion'],
    ]);

    const page = describeSchema(schemas.GroupPage ?? {});
    expect(page.fields?.map((entry) => [entry.name, entry.node.label])).toEqual([
      ['data', 'array of Group'],
      ['nextCursor', 'string | null'],
    ]);
    const createGroup = describeSchema(schemas.CreateGroupRequest ?? {});
    expect(createGroup.fields?.find((entry) => entry.name === 'matchMode')).toMatchObject({
      required: false,
      node: { label: '"all" | "any"', constraints: ['default "all"'] },
    });
    expect(createGroup.fields?.find((entry) => entry.name === 'rules')?.node).toMatchObject({
      label: 'array of GroupRuleInput',
      constraints: ['1–50 items'],
    });
    expect(describeSchema(schemas.Error ?? {}).fields?.[0]?.node.fields?.find((entry) => entry.name === 'fields')?.node.label).toBe(
      'map of string → string',
    );
  });

  it('reads the error code each error response pins', () => {
    const responses = document.paths['/api/v1/groups/{id}']?.get?.responses ?? {};
    expect(resolveOperationResponse(document, responses['404'] ?? { description: '' })).toMatchObject({
      code: 'not_found',
      description: 'No such group.',
      mediaType: 'application/json',
    });
    expect(resolveOperationResponse(document, responses['200'] ?? { description: '' })).toMatchObject({
      schema: { $ref: '#/components/schemas/Group' },
    });
  });

  it('splits the API description into its sections', () => {
    expect(markdownSections(document.info.description).map((section) => section.title)).toEqual([
      '',
      'Authentication',
      'Errors',
      'Lists and pagination',
      'Values',
    ]);
  });
});

describe('the API reference', () => {
  const html = renderReference();

  it('shows every operation with its method, path, summary and permission', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(html).toContain(`id="${operation.operationId}"`);
        expect(html).toContain(`>${path}</code>`);
        expect(html).toContain(operation.summary.replace(/’/g, '’'));
        expect(method).toMatch(/^(get|post|put|patch|delete)$/);
      }
    }
    expect(html).toContain('write · super admin, full token');
    expect(html).toContain('public · no token');
  });

  it('links only to sections that exist', () => {
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
    const links = [...html.matchAll(/href="#([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(links.length).toBeGreaterThan(100);
    for (const link of links) expect(ids.has(link), link).toBe(true);
    for (const name of Object.keys(document.components.schemas)) expect(ids.has(`schema-${name}`), name).toBe(true);
  });

  it('renders descriptions as text, never as markup', () => {
    expect(html).not.toContain('**');
    expect(html).toContain('<code class="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">confirmUsers</code>');
  });
});
