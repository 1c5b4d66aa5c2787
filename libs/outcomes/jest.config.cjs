const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'outcomes',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
