import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS, renderVariant, variantPath } from './generate-schemas';

const source = readFileSync(join(import.meta.dirname, 'schema.prisma'), 'utf8');

describe('schema variants', () => {
  it.each(PROVIDERS)('the committed %s schema is generated from the source', (provider) => {
    expect(readFileSync(variantPath(provider), 'utf8')).toBe(renderVariant(source, provider));
  });

  it('changes only the provider and the client output', () => {
    const pg = renderVariant(source, 'postgresql');
    expect(pg).toContain('provider = "postgresql"');
    expect(pg).toContain('output       = "../../lib/generated/prisma-postgresql"');
    expect(pg.match(/^model /gm)?.length).toBe(source.match(/^model /gm)?.length);
  });

  it('refuses a source whose datasource block was changed', () => {
    expect(() => renderVariant(source.replace('provider = "sqlite"', 'provider = "mysql"'), 'sqlite')).toThrow(/expected/);
  });
});
