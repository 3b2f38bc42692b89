// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { readdirSync } from 'node:fs';

const ROOT = import.meta.dirname;
const SPA = ['./src/app', './src/features', './src/components', './src/lib'];

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
    target: ['./src/components', './src/lib', './src/shared'],
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
    // The simulator stands apart from the server: a stand-in that shared the BFF's code would
    // agree with its bugs. What both need lives in src/shared.
    files: ['src/simulator/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**'],
              message:
                'The simulator must not import server code; move what both need to src/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared code is read by the app, the server and the simulator: it imports none of them.
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/simulator/**', '**/app/**', '**/features/**'],
              message: 'src/shared must not import the app, the server or the simulator.',
            },
          ],
        },
      ],
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
);
