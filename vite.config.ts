import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompileMessages } from './scripts/precompile-messages.mjs';
import { preloadRoute } from './scripts/preload-route.mjs';

const bffPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  // The catalogues' ICU messages compiled here, so the browser needs no ICU parser.
  plugins: [
    react(),
    precompileMessages({ withoutParser: true }),
    // The list pages' code and the URL schemas they load with it (src/app/router.tsx,
    // importListPages), asked for with the entry rather than after it has run.
    preloadRoute(['src/app/routes/image-list-routes.tsx', 'src/shared/contracts/bff.ts']),
  ],
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
