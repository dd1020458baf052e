// One Jest run for the whole workspace. Unit tests (*.spec.ts) sit beside the code; integration
// tests (test/**/*.int-spec.ts) talk to real Kafka, PostgreSQL and Redis found or started by
// libs/testing's global setup.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', swc] },
  moduleNameMapper: { '^@qn/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  testMatch: [
    '<rootDir>/{apps,libs,services,tools,bench,e2e}/**/*.spec.ts',
    '<rootDir>/{apps,libs,services,tools,bench,e2e}/**/*.int-spec.ts',
  ],
  // The fault suite kills the shared broker: it runs alone, after the rest (scripts/test.sh).
  testPathIgnorePatterns: [
    '/node_modules/',
    '/dist/',
    ...(process.env.QN_FAULT_SUITE ? [] : ['/e2e/faults/']),
  ],
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  setupFiles: ['reflect-metadata'],
  // ESM-only packages are compiled to CommonJS for Jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|@digitalbazaar|@noble|base58-universal|base64url-universal|ky|serialize-error)/)',
  ],
  testTimeout: 60000,
  maxWorkers: 2,
};
