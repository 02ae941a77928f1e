import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * electron-vite builds the three parts of the app into out/:
 *   out/main/index.js      main process, ESM (package.json "type": "module")
 *   out/preload/index.cjs  preload, CommonJS: a sandboxed preload cannot be ESM
 *   out/renderer/          the React renderer, loaded through app://neo/
 */

const fromRoot = (relative: string) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      // package.json "dependencies" stay external (electron-vite's default) and
      // ship in node_modules: the database module loads its Electron-ABI build
      // through nativeBinding, and the PDF stack reads fonts and data files that
      // sit next to its own code.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: fromRoot('main/index.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // A sandboxed preload can require only 'electron' and a few built-ins, so the contract and zod are bundled in.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    plugins: [react()],
    resolve: { alias: { '@contract': fromRoot('main/contract') } },
    // Fast refresh needs an inline preamble script, which the CSP forbids; reload by hand (Ctrl+R) in `npm run dev`.
    server: { hmr: false },
    build: {
      outDir: fromRoot('out/renderer'),
      rolldownOptions: {
        input: { index: fromRoot('renderer/index.html') },
      },
    },
  },
});
