import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { precompileMessages } from './scripts/precompile-messages.mjs';

export default defineConfig({
  // Tests read the catalogues as the app does: compiled (the parser stays for the server's tests).
  plugins: [precompileMessages({ withoutParser: false })],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two files at once, even on two cores (Vitest's default there is one): most files
    // mostly wait (servers, timers, PostgreSQL), e.g. detail-faults.integration spends 24 s of CPU
    // in 105 s.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // One PostgreSQL cluster for the run (each file's databases are dropped after it).
    globalSetup: ['src/server/test-support/postgres-global-setup.ts'],
  },
});
