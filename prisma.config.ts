import { resolve } from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma's CLI would download a native schema engine; ours runs Prisma's WASM build instead
// (docs/decisions/002-offline-schema-engine.md), so every `npx prisma …` works offline.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= resolve(import.meta.dirname, 'prisma/schema-engine/bin/schema-engine');

const url = process.env.DATABASE_URL || 'file:./data/gatehouse.db';
const provider = /^postgres(ql)?:\/\//.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
