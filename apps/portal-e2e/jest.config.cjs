const preset = require('../../jest.preset.cjs');

// Drives the built product (API + portal on one port) in real Chromium, as a person would.
module.exports = {
  ...preset,
  displayName: 'portal-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/support/global-setup.mjs',
  globalTeardown: '<rootDir>/src/support/global-teardown.mjs',
  testTimeout: 120000,
  maxWorkers: 1,
};
