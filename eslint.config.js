// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import i18next from 'eslint-plugin-i18next';
import { readdirSync } from 'node:fs';

const ROOT = import.meta.dirname;
const SPA = ['./src/app', './src/features', './src/components', './src/lib', './src/i18n'];

/**
 * Which folder may import which (docs/architecture.md): shared → components/lib → features → app.
 * A feature imports no other feature (the app's routes compose them); the SPA never pulls in
 * server or simulator code (secrets, Node built-ins); the simulator stands apart from the server
 * it checks.
 */
const BOUNDARIES = [
  ...readdirSync(new URL('src/features', import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map(({ name }) => ({
      target: `./src/features/${name}`,
      from: './src/features',
      except: [`./${name}`],
      message: 'A feature must not import another feature: compose them in src/app/routes.',
    })),
  {
    target: ['./src/components', './src/lib', './src/i18n', './src/shared'],
    from: ['./src/features', './src/app'],
    message: 'Shared code must not import features or the app.',
  },
  {
    target: SPA,
    from: ['./src/server', './src/simulator'],
    message: 'The SPA must not import server or simulator code.',
  },
  {
    target: './src/simulator',
    from: './src/server',
    message: 'The simulator must not import server code: shared code lives in src/shared.',
  },
  {
    target: './src/shared',
    from: ['./src/server', './src/simulator'],
    message:
      'src/shared is read by the app, the server and the simulator: it imports none of them.',
  },
];

/**
 * Attributes whose values are code, not text: class names, ids, routes, roles, ARIA states and
 * references, test ids. Any other attribute with a literal is checked: on HTML elements the
 * plugin checks those people read (`aria-label`, `title`, `placeholder`, `alt`, `value`); on
 * components every prop, unless its type is a union of string literals (a variant, not text).
 */
const CODE_ATTRIBUTES = [
  'className',
  'style',
  'type',
  'key',
  'id',
  'width',
  'height',
  'to',
  'href',
  'role',
  'testId',
  'data-.*',
  // A catalogue key (RichMessage, src/i18n/rich-message.tsx): its text is in the catalogues.
  'i18nKey',
  // Chart props (Recharts): keys and paint, not text.
  'dataKey',
  'stroke',
  'fill',
  'cursor',
  'aria-(?!label$|description$|roledescription$|placeholder$|valuetext$).*',
];

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-server',
      'node_modules',
      'data',
      'test-results',
      'playwright-report',
      'e2e/.artifacts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Type-aware rules where they catch real bugs: promises nobody awaits or catches, promises
    // handed where a void callback is expected, awaits of non-promises, casts that do nothing.
    // The TypeScript project service finds each file's tsconfig (app, node or e2e).
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Abort reasons are passed on as they come (unknown), as AbortSignal intends.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    files: ['src/app/**', 'src/features/**', 'src/components/**', 'src/lib/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: BOUNDARIES }] },
  },
  {
    // Production server code never reaches for the test harnesses, fixtures and fakes.
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/test-support/**', 'src/server/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            {
              target: './src/server',
              from: './src/server/test-support',
              message: 'Production code must not import test support.',
            },
          ],
        },
      ],
    },
  },
  {
    // A user-visible literal in JSX (text, or an attribute that is read) must come from the
    // catalogues. Other attributes (class names, roles, routes, test ids) are code, not text.
    files: ['src/app/**/*.tsx', 'src/features/**/*.tsx', 'src/components/**/*.tsx'],
    ignores: ['**/*.test.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': { exclude: CODE_ATTRIBUTES },
          // Not words: symbols, digits and punctuation (▾, ·, 3/4), a single letter used as a
          // mark (Σ), upper-case acronyms (CSV), and lower-case identifiers (`severity`, `true`):
          // codes and keys, which the UI never shows as they are.
          words: { exclude: [/^[^\p{L}]*$/u, /^\p{L}$/u, /^[A-Z_-]+$/, /^[a-z][A-Za-z0-9_]*$/] },
          'object-properties': { exclude: ['[A-Z_-]+', ...CODE_ATTRIBUTES] },
          message: 'Text a person reads comes from the i18n catalogues (t()), not a literal',
        },
      ],
    },
  },
);
