// Shared Jest settings: SWC compiles TypeScript with decorator metadata (Nest DI needs it),
// and workspace libraries resolve to their sources so tests never need a build first.
const path = require('node:path');
const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: {
    '^@stride/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
    '^@stride/outcomes$': path.join(root, 'libs/outcomes/src/index.ts'),
  },
};
