/**
 * The walls between the layers (docs/architecture.md), checked by `npm run lint`.
 * test/unit/dependency-rules.test.ts proves each rule fails on a bad import.
 */
module.exports = {
  forbidden: [
    {
      name: 'feature-internals',
      comment: 'A feature uses another only through its public face, src/features/<name>/index.ts.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/' },
      to: { path: '^src/features/', pathNot: ['^src/features/$1/', '^src/features/[^/]+/index\\.ts$'] },
    },
    {
      name: 'outside-reaches-feature-internals',
      comment:
        'The server assembly, the CLI, the demo and the platform see a feature only through its index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/features/' },
      to: { path: '^src/features/[^/]+/', pathNot: '^src/features/[^/]+/index\\.ts$' },
    },
    {
      name: 'platform-below-features',
      comment: 'The platform serves the features; it never reaches up into one, nor into the server.',
      severity: 'error',
      from: { path: '^src/(platform|db)/' },
      to: { path: '^src/(features|demo|server|cli)/' },
    },
    {
      name: 'service-imports-http',
      comment:
        'Only route files (*-routes.ts) and the session plugin speak HTTP; services take plain values and throw AppError.',
      severity: 'error',
      from: { path: '^src/(features|platform|db|demo)/', pathNot: '-(routes|plugin)\\.ts$' },
      to: { path: ['^src/server/', '^node_modules/(fastify|@fastify)/'] },
    },
    {
      name: 'core-is-pure',
      comment: 'src/core holds the rules: no database, no files, no network, nothing outside src/core.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'web-imports-server',
      comment:
        'The web app talks to the server through the generated API client only; it shares nothing but the pure rules of src/core.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src/(?!core/)|bin/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|web/dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
