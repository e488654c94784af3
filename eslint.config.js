// ESLint flat config for the whole repository: `npm run lint` (eslint .).
// Recommended rules of @eslint/js and typescript-eslint, without type information so a full run
// stays fast; `npm run typecheck` is where the compiler checks types.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '**/build/',
      '**/coverage/',
      '**/.cache/',
      '**/data/',
      '.nx/',
      'web/build/',
      'web/public/build/',
      'test-results/',
      'tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_`-prefixed names are deliberately unused (ignored arguments, destructured-away fields).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'all',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      // Nest modules are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    // The Remix app runs in the browser and on the server.
    files: ['web/app/**/*.{ts,tsx,js,jsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },
  {
    // The service worker runs in its own global scope (self, caches, clients).
    files: ['web/public/sw.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.serviceworker } },
  },
  {
    // Browser tests evaluate functions inside the page.
    files: ['test/browser/**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // shared/ is pure TypeScript for both sides: no Node or DOM globals beyond the language.
    files: ['shared/src/**/*.ts'],
    languageOptions: { globals: { ...globals.es2021 } },
  },
  {
    // Input validation matches control characters on purpose (to refuse them).
    files: ['shared/src/schemas/**/*.ts', 'api/src/core/validation/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.e2e.ts', 'test/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
