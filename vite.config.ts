import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompileMessages } from './scripts/precompile-messages.mjs';

const bffPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  // The catalogues' ICU messages compiled here, so the browser needs no ICU parser.
  plugins: [react(), precompileMessages({ withoutParser: true })],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json: bench/app.bench.ts follows the entry's static imports with it.
    manifest: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${bffPort}`,
      '/healthz': `http://127.0.0.1:${bffPort}`,
      '/readyz': `http://127.0.0.1:${bffPort}`,
    },
  },
});
