import { builtinEnvironments } from 'vitest/environments';

/**
 * happy-dom's globals for a test file that runs in vitest's Node environment.
 *
 * The certificate tests run the real core in this process. Under
 * `@vitest-environment happy-dom` modules get vite's browser transform, which
 * rewrites the core's `new URL('./certificate-worker.ts', import.meta.url)`
 * into an http:// URL, so the core cannot start its PDF worker. In the Node
 * environment the core's modules load as in production; this module (imported
 * first, before React and Testing Library) adds the same DOM vitest's own
 * happy-dom environment would.
 */
await builtinEnvironments['happy-dom'].setup(globalThis, {});
