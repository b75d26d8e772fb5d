/**
 * Generates the SQLite and PostgreSQL variants of the one source schema (prisma/schema.prisma).
 *
 *   tsx prisma/generate-schemas.ts          write prisma/sqlite/schema.prisma and prisma/postgresql/schema.prisma
 *   tsx prisma/generate-schemas.ts --check  exit 1 when a committed variant differs from what the source gives
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROVIDERS = ['sqlite', 'postgresql'] as const;
export type Provider = (typeof PROVIDERS)[number];

const prismaDir = dirname(fileURLToPath(import.meta.url));

export function renderVariant(source: string, provider: Provider): string {
  const datasource = /datasource db \{\s*provider\s*=\s*"sqlite"\s*\}/;
  const output = /output\s*=\s*"\.\.\/lib\/generated\/prisma"/;
  if (!datasource.test(source) || !output.test(source)) {
    throw new Error('prisma/schema.prisma: expected `datasource db { provider = "sqlite" }` and `output = "../lib/generated/prisma"`');
  }
  const body = source
    .replace(datasource, `datasource db {\n  provider = "${provider}"\n}`)
    .replace(output, `output       = "../../lib/generated/prisma-${provider}"`)
    .replace(/^\/\/ The one source schema[\s\S]*?\n\n/, '');
  return `// GENERATED from prisma/schema.prisma by \`npm run db:schemas\`. Do not edit.\n\n${body}`;
}

export function variantPath(provider: Provider): string {
  return join(prismaDir, provider, 'schema.prisma');
}

function main(check: boolean): number {
  const source = readFileSync(join(prismaDir, 'schema.prisma'), 'utf8');
  let stale = 0;
  for (const provider of PROVIDERS) {
    const path = variantPath(provider);
    const wanted = renderVariant(source, provider);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current === wanted) continue;
    if (check) {
      console.error(`${path} is out of date: run \`npm run db:schemas\``);
      stale++;
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, wanted);
      console.log(`wrote ${path}`);
    }
  }
  return stale ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.includes('--check'));
}
