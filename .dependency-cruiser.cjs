/**
 * The one-way doors (`npm run lint:deps`, part of `npm test`). Components are
 * lookup, roll, states, clients and audit; each opens one front door, its
 * index.ts. The platform (db, http, config) serves them and imports none.
 */
const COMPONENTS = '(lookup|roll|states|clients|audit)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'src-stays-in-src',
      comment: 'The service never imports seeds/, tools/, scripts/ or test/: seeds/ is data it reads, the rest is for development.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(seeds|tools|scripts|test)/' },
    },
    {
      name: 'scripts-use-no-test-helper',
      comment: 'What scripts and tests share lives in tools/.',
      severity: 'error',
      from: { path: '^(scripts|tools)/' },
      to: { path: '^test/' },
    },
    {
      name: 'platform-imports-no-component',
      comment: 'The database, HTTP plumbing and configuration know nothing of lookups, rolls, states, clients or the audit.',
      severity: 'error',
      from: { path: '^src/(db|http|config)' },
      to: { path: [`^src/${COMPONENTS}/`, '^src/(app|main)\\.ts$', '^src/(cli|openapi)/'] },
    },
    {
      name: 'components-meet-at-the-front-door',
      comment: 'A component reaches another only through its index.ts.',
      severity: 'error',
      from: { path: `^src/${COMPONENTS}/` },
      to: { path: `^src/${COMPONENTS}/`, pathNot: ['^src/$1/', `^src/${COMPONENTS}/index\\.ts$`] },
    },
    {
      name: 'entry-points-use-the-front-door',
      comment: 'The composition root, the command line, the OpenAPI document, scripts and tools reach a component only through its index.ts.',
      severity: 'error',
      from: { path: ['^src/[^/]+\\.ts$', '^src/(cli|openapi)/', '^(scripts|tools)/'] },
      to: { path: `^src/${COMPONENTS}/`, pathNot: `^src/${COMPONENTS}/index\\.ts$` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
