import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const bffPort = Number(process.env.PORT ?? 8080);

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    sourcemap: false,
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
