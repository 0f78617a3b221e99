#!/usr/bin/env node
// `npm start`: the service from its TypeScript sources, with no compiler at run time.
// Node 22.18 and later strip the types themselves (process.features.typescript);
// older Node (20) registers tsx's loader first.
if (!process.features.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('../src/cli/serve.ts');
