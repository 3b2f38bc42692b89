import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { precompileMessages } from './scripts/precompile-messages.mjs';

/** The app's own code (no server, no simulator): plain modules, read by the browser. */
const CLIENT_DIRS = [
  'src/shared',
  'src/lib',
  'src/features',
  'src/components',
  'src/app',
  'src/i18n',
];

/** A test that replaces a module, a global, a method or the clock: it must not share a worker. */
const REPLACES_SHARED_STATE = /\bvi\.(mock|doMock|stub\w*|spyOn|useFakeTimers|setSystemTime)\b/;

/**
 * The client test files that replace nothing (found by their text, so a file that starts mocking
 * moves to the isolated project by itself). They share their workers' module graphs: isolating
 * each one re-imported React, zod and the catalogues per file for nothing.
 */
const SHARED_WORKER_FILES = CLIENT_DIRS.flatMap((dir) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.test\.tsx?$/.test(file))
    .map((file) => join(dir, file))
    .filter((path) => !REPLACES_SHARED_STATE.test(readFileSync(path, 'utf8'))),
);

export default defineConfig({
  // Tests read the catalogues as the app does: compiled (the parser stays for the server's tests).
  plugins: [precompileMessages({ withoutParser: false })],
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two files at once, even on two cores (Vitest's default there is one): most files
    // mostly wait (servers, timers, PostgreSQL), e.g. detail-faults.integration spends 24 s of CPU
    // in 105 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'isolated',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
          exclude: SHARED_WORKER_FILES,
          // One PostgreSQL cluster for the run (each file's databases are dropped after it).
          globalSetup: ['src/server/test-support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'shared-worker', include: SHARED_WORKER_FILES, isolate: false },
      },
    ],
  },
});
