import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Unit tests (Node) and component tests (happy-dom, test/renderer). E2E runs under Playwright. */
export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: { '@contract': fileURLToPath(new URL('../main/contract', import.meta.url)) } },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/renderer/**/*.test.tsx', 'test/electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests leave the temp folder as they found it: each file cleans up after itself, inside one private folder for the run.
    globalSetup: ['test/support/vitest-global.ts'],
    setupFiles: ['test/support/vitest-setup.ts'],
  },
});
