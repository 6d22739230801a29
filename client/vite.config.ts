import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web client is built from the root package (no separate install); the server serves
 * client/dist at `/`. In `vite dev` the API runs separately on :4000 and is proxied.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
