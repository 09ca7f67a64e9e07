// One lint setup for the server (TypeScript) and the web app (Svelte is checked by svelte-check).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tseslint = require('typescript-eslint');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const noImportCycle = require('./eslint-rules/no-import-cycle');

// domain/process/ holds the process's pure rules (vocabulary, incident state machine, SLA clock,
// business calendar, the gateway's interface): the only domain code the workflow bundle may
// import at run time. The block for these files below keeps them pure.
const WORKFLOW_IMPORTS =
  'Workflow code runs in Temporal\'s deterministic sandbox: at run time it may import only "@temporalio/workflow", other workflow files and ' +
  'the pure rules of domain/process/. Anything that reads or writes the outside world is an activity; its types come in with "import type".';

const QUERIES =
  'Statements are Kysely queries in the module\'s repository (docs/architecture.md, "Queries"): import the builder, write SQL or reach Prisma\'s client ' +
  'only in a *Repository.ts / repository.ts file; services call repository functions.';

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
  // Typed rules for all TypeScript: the server (tsconfig.json) and the tests (tests/tsconfig.json).
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['prisma.config.ts'] },
        tsconfigRootDir: __dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its failure and its ordering: await it, return it, or
      // mark a deliberate fire-and-forget with `void`.
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  // The query room (docs/architecture.md, "Queries"): statements are Kysely queries in
  // repositories; nothing else imports the builder at run time, writes SQL text or reaches
  // Prisma's client (Prisma is the schema and migration tool; the tests may use it for fixtures).
  // ClickHouse's statements (analytics/: its schema, the dashboards' and reports' queries) are
  // another store's, in its own files.
  {
    files: ['**/*.ts'],
    ignores: [
      '**/*[Rr]epository.ts',
      'infra/db.ts',
      'tests/**',
      'workflows/**',
      'domain/process/**',
      'bench/**',
      'prisma.config.ts',
      'infra/prisma-migration-adapter.ts',
      'analytics/migrations.ts',
      'analytics/queries.ts',
      'analytics/reports.ts',
      'analytics/rollups.ts',
      'analytics/rollupMarks.ts',
      'analytics/dimensions.ts',
    ],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^kysely($|/)', allowTypeImports: true, message: QUERIES },
            { regex: '(^|/)generated/prisma(/|$)|^@prisma/', message: QUERIES },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TemplateElement[value.raw=/\\b(SELECT|INSERT INTO|DELETE FROM|UPDATE "[A-Za-z]+" SET)\\b/]', message: QUERIES },
        { selector: 'Literal[value=/\\b(SELECT|INSERT INTO|DELETE FROM|UPDATE "[A-Za-z]+" SET)\\b/]', message: QUERIES },
      ],
    },
  },
  // Workflow code (the worker's bundle; workflows/client.ts and chatClient.ts are the API's side and not bundled).
  // In the spirit of temporalio/samples-typescript's lint setup for workflow files.
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/client.ts', 'workflows/chatClient.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            // Packages (Node.js modules included): only the workflow SDK.
            { regex: '^(?!\\.)(?!@temporalio/workflow$)', allowTypeImports: true, message: WORKFLOW_IMPORTS },
            // The rest of the server: I/O, activities, the API and the worker process.
            { regex: '(^|/)(activities|infra|api|worker|analytics|scripts|bench|generated)(/|$)', allowTypeImports: true, message: WORKFLOW_IMPORTS },
            // Domain modules other than the pure rules.
            { regex: '(^|/)domain/(?!process/)', allowTypeImports: true, message: WORKFLOW_IMPORTS },
            // The Temporal client the API uses.
            { regex: '(^|/)workflows/(chatC|c)lient$|^\\.{1,2}/(chatC|c)lient$', message: WORKFLOW_IMPORTS },
          ],
        },
      ],
    },
  },
  // The pure domain rules themselves stay pure: no packages, no other domain or server code.
  {
    files: ['domain/process/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\./[A-Za-z]+$)',
              allowTypeImports: false,
              message: 'The pure rules of domain/process/ import nothing but each other: the workflow bundle runs them.',
            },
          ],
        },
      ],
    },
  },
);
