/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // Integration tests start real servers; two workers keep a 2-core CI machine responsive.
  maxWorkers: 2,
  // One throwaway PostgreSQL cluster per run (test/fixtures/postgres.ts); each PostgreSQL test file creates its
  // own database on it.
  globalSetup: '<rootDir>/test/fixtures/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/test/fixtures/postgres-global-teardown.ts',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
