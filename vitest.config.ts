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

/** The server's, the simulator's and the project's own tests (`test/`). */
const SERVER_DIRS = ['src/server', 'src/simulator', 'test'];

/**
 * A test that replaces a module, a global, a method, the clock or a setting of the process: it
 * must not share a worker.
 */
const REPLACES_SHARED_STATE =
  /\bvi\.(mock|doMock|stub\w*|spyOn|useFakeTimers|setSystemTime)\b|\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]|\bdelete process\.env\b/;

/**
 * Server tests that race the clock (client time-outs, answer bounds, budgets and leases paced in
 * real time, crawls under load): each keeps a fresh process, so nothing a file before it left
 * running (a timer, a socket) takes CPU from it.
 */
const AGAINST_THE_CLOCK = [
  'src/server/bff.integration.test.ts',
  'src/server/detail-faults.integration.test.ts',
  'src/server/hardening/secrets.test.ts',
  'src/server/hardening/upstream-faults.test.ts',
  'src/server/notify/rule-leader.integration.test.ts',
  'src/server/scale-out.integration.test.ts',
  'src/server/sessions-replicas.integration.test.ts',
  'src/server/changes/change-feed.integration.test.ts',
  'src/server/sync/acr-sync.integration.test.ts',
  'src/server/sync/faults.integration.test.ts',
  'src/server/sync/sync-plan.integration.test.ts',
  'src/server/sync/sync-safety.integration.test.ts',
  'src/server/sync/sync.integration.test.ts',
  'test/start.test.ts',
];

/** The test files under `dirs` that replace nothing (found by their text), `except` left out. */
function filesSharingWorkers(dirs: string[], except: string[] = []): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.test\.tsx?$/.test(file))
      .map((file) => join(dir, file))
      .filter(
        (path) => !except.includes(path) && !REPLACES_SHARED_STATE.test(readFileSync(path, 'utf8')),
      ),
  );
}

/**
 * The client test files that replace nothing (found by their text, so a file that starts mocking
 * moves to the isolated project by itself). They share their workers' module graphs: isolating
 * each one re-imported React, zod and the catalogues per file for nothing.
 */
const SHARED_WORKER_FILES = filesSharingWorkers(CLIENT_DIRS);

/**
 * The same for the server's tests, but for those against the clock: isolating each one started a
 * process and imported Fastify, Kysely, zod and the store again per file, 60 % of the CPU of the
 * small files (63 of them, 56.6 s -> 21.5 s).
 */
const SERVER_SHARED_WORKER_FILES = filesSharingWorkers(SERVER_DIRS, AGAINST_THE_CLOCK);

/** One PostgreSQL cluster for the run (each file's databases are dropped after it). */
const POSTGRES_SETUP = 'src/server/test-support/postgres-global-setup.ts';

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
          exclude: [...SHARED_WORKER_FILES, ...SERVER_SHARED_WORKER_FILES],
          globalSetup: [POSTGRES_SETUP],
        },
      },
      {
        extends: true,
        test: {
          name: 'server-shared-worker',
          include: SERVER_SHARED_WORKER_FILES,
          isolate: false,
          globalSetup: [POSTGRES_SETUP],
        },
      },
      {
        extends: true,
        test: { name: 'shared-worker', include: SHARED_WORKER_FILES, isolate: false },
      },
    ],
  },
});
