/**
 * Starts the engine (../main.ts). Loading tsx costs ~0.4 s per start, and the CLI starts the
 * engine twice per command, so main.ts is bundled once with esbuild into node_modules/.cache
 * (rebuilt whenever a source file is newer) and the bundle is run. Without esbuild, or with a
 * read-only node_modules, it falls back to running the TypeScript through tsx.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(sourceDir, 'main.ts');
const bundle = join(sourceDir, '../../node_modules/.cache/gatehouse-schema-engine/main.mjs');

function newestSource() {
  return Math.max(
    ...readdirSync(sourceDir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => statSync(join(sourceDir, name)).mtimeMs),
  );
}

/** The bundle's path, (re)built if needed; undefined when it cannot be built. */
function freshBundle() {
  try {
    if (existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource()) return bundle;
    const { buildSync } = createRequire(import.meta.url)('esbuild');
    mkdirSync(dirname(bundle), { recursive: true });
    // Engines may start concurrently: build aside, then rename (atomic).
    const partial = `${bundle}.${process.pid}.tmp`;
    buildSync({
      entryPoints: [entry],
      outfile: partial,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    renameSync(partial, bundle);
    return bundle;
  } catch {
    return undefined;
  }
}

const built = freshBundle();
if (built) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(entry).href);
}
