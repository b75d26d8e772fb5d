import { z } from 'zod';

/**
 * What the OpenAPI document knows about a zod schema beyond its shape: the name it has under
 * `components.schemas` (`id`) and a description. Kept in a registry of our own rather than zod's global one, so
 * nothing here changes the schemas the routes validate with, and a module evaluated twice (dev reloads) cannot
 * collide with itself.
 */
export type SchemaMeta = { id?: string; description?: string };

export const openApiRegistry = z.registry<SchemaMeta>();

/** Component names, with the side that names them: request bodies are converted as input, responses as output. */
export const componentSides = new Map<string, 'request' | 'response'>();

function register<T extends z.ZodType>(schema: T, id: string, side: 'request' | 'response', description?: string): T {
  const existing = openApiRegistry.get(schema)?.id;
  if (existing !== undefined && existing !== id) throw new Error(`Schema ${id} is already registered as ${existing}.`);
  if (componentSides.has(id) && openApiRegistry._idmap.get(id) !== schema) throw new Error(`Two schemas are named ${id}.`);
  openApiRegistry.add(schema, { id, ...(description === undefined ? {} : { description }) });
  componentSides.set(id, side);
  return schema;
}

/** Names a response schema: it becomes `#/components/schemas/<id>` (JSON as sent: dates are ISO strings). */
export function responseComponent<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  return register(schema, id, 'response', description);
}

/** Names a request body schema — the very schema the handler validates with, imported from lib/**. */
export function requestComponent<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  return register(schema, id, 'request', description);
}

/** Attaches a description to a schema of this module's own (never to a shared instance: it would describe every use). */
export function described<T extends z.ZodType>(schema: T, description: string): T {
  openApiRegistry.add(schema, { ...openApiRegistry.get(schema), description });
  return schema;
}
