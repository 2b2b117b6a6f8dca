/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Type checking runs once in `tsc` before jest; with isolatedModules in
  // tsconfig.json, ts-jest only transpiles each file.
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  reporters: ['default', '<rootDir>/scripts/summary-reporter.js'],
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup.ts'],
};
