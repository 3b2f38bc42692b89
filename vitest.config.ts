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
  },
});
