import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  project.provide('workerBindings', { HELLO: 'world' });
  return async () => {};
}

declare module 'vitest' {
  interface ProvidedContext {
    workerBindings: Record<string, string>;
  }
}
