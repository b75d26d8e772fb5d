/**
 * Loads Prisma's WASM schema engine (@prisma/schema-engine-wasm).
 *
 * The package's entry point does `import * as wasm from "./schema_engine_bg.wasm"` (ESM
 * WebAssembly integration), which Node 20 cannot load without a flag, so the module is
 * compiled and instantiated here by hand against its JS glue (`schema_engine_bg.js`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';

export type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';

/** What the glue module exports beyond its typings: the hook that hands it the instance. */
interface GlueInternals {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
}

/** The engine's panic hook writes the panic message here (`global.PRISMA_WASM_PANIC_REGISTRY`). */
class PanicRegistry {
  private message: string | undefined;
  set_message(message: string): void {
    this.message = message;
  }
  take(): string | undefined {
    const message = this.message;
    this.message = undefined;
    return message;
  }
}

declare global {
  var PRISMA_WASM_PANIC_REGISTRY: PanicRegistry | undefined;
}

let loaded: typeof glue | undefined;

export function loadWasmEngine(): typeof glue {
  if (loaded) return loaded;
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= new PanicRegistry();
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const wasmModule = new WebAssembly.Module(readFileSync(wasmPath));
  const instance = new WebAssembly.Instance(wasmModule, {
    './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
  });
  (glue as unknown as GlueInternals).__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  loaded = glue;
  return glue;
}

/** The message of the last WASM panic, if one happened since the previous call. */
export function takePanicMessage(): string | undefined {
  return globalThis.PRISMA_WASM_PANIC_REGISTRY?.take();
}
