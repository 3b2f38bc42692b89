import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompileMessages } from './scripts/precompile-messages.mjs';
import { precompressAssets } from './scripts/precompress-assets.mjs';

const bffPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  // The catalogues' ICU messages compiled here, so the browser needs no ICU parser.
  // The build's text files compressed once here; the BFF sends the copy a browser accepts.
  plugins: [react(), precompileMessages({ withoutParser: true }), precompressAssets()],
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
