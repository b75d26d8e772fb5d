import type { TestProject } from 'vitest/node';
import { createTemplates, type TemplateDatabases } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    templates: TemplateDatabases;
  }
}

/** Migrates one template database per provider for the whole run. */
export default async function setup(project: TestProject) {
  const { templates, dispose } = await createTemplates();
  project.provide('templates', templates);
  return dispose;
}
