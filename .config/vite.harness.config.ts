import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** Builds the real renderer with the HTTP window.neo of the browser harness. */
export default defineConfig({
  root: fileURLToPath(new URL('../test/harness', import.meta.url)),
  base: './',
  plugins: [react()],
  resolve: { alias: { '@contract': fileURLToPath(new URL('../main/contract', import.meta.url)) } },
  build: {
    outDir: fileURLToPath(new URL('../out/harness', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
  },
});
