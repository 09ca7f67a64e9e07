// One lint setup for the server (TypeScript) and the web app (Svelte is checked by svelte-check).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tseslint = require('typescript-eslint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const noImportCycle = require('./eslint-rules/no-import-cycle');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'generated/**', 'node_modules/**', 'web/**', '.data/**', 'coverage/**', 'jest.config.js'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // No import circles between modules (eslint-rules/no-import-cycle.js).
    files: ['**/*.ts'],
    plugins: { project: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'project/no-import-cycle': 'error' },
  },
  { files: ['eslint-rules/**'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
