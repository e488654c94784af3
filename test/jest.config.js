/**
 * Black-box tests: each file starts its own API process(es) against a fresh copy of a database
 * migrated once per run (see support/global-setup.mjs). Run with `npm test -w test`; set
 * TEST_DATABASE_URL to use a real Postgres instead of the embedded PGlite.
 */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.e2e.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/bench/'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } }],
  },
  // `~/…` is the web's own alias (web/tsconfig.json), for the web modules tests import directly.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1', '^~/(.*)$': '<rootDir>/../web/app/$1' },
  globalSetup: '<rootDir>/support/global-setup.mjs',
  globalTeardown: '<rootDir>/support/global-teardown.mjs',
  testTimeout: 60_000,
};
