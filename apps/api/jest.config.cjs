const preset = require('../../jest.preset.cjs');

// Unit specs live beside the code; integration specs (*.int-spec.ts) under test/ talk to a real
// PostgreSQL: embedded (started once per run in globalSetup) or DATABASE_URL's server.
module.exports = {
  ...preset,
  displayName: 'api',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.int-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
