/**
 * Module boundaries of the workspace. Services talk only through Kafka events whose contracts
 * live in libs/contracts; a service never imports another service's code, and libraries never
 * import services; a web app (apps/) reaches the services over HTTP only. `npm run lint:boundaries` fails on any violation.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-service-imports',
      severity: 'error',
      comment:
        'A service must not import another service. Publish or consume an event from libs/contracts instead.',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/([^/]+)/', pathNot: '^services/$1/' },
    },
    {
      name: 'no-lib-to-service-imports',
      severity: 'error',
      comment: 'Shared libraries must not depend on a service.',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-app-to-backend-imports',
      severity: 'error',
      comment:
        'A web app talks to the services over HTTP only (API clients typed from docs/openapi); only its tests start services.',
      from: { path: '^apps/[^/]+/(src|server)/' },
      to: { path: '^(services|libs)/' },
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
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
  },
};
