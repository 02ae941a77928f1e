/**
 * The packaged app runs the certificate worker from electron-vite's bundle:
 * plain JavaScript, with the dependencies loaded from node_modules. Run from
 * TypeScript source, the worker would instead compile every file with tsx as
 * it starts, a cost no user ever pays. So the benchmarks build the worker the
 * same way (vite, one ES module entry with its own chunks, dependencies
 * external) and have the core start that file.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { useBuiltCertificateWorker } from '../../main/core/workers/certificate-renderer';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the project, so the bundle finds node_modules as the app's does; out/ is build output, not committed. */
const outDir = path.join(root, 'out/bench-worker');

/** Builds the worker bundle and makes the core start it; returns a function that removes it again. */
export async function useBundledCertificateWorker(): Promise<() => void> {
  await build({
    root,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: 'main/core/workers/certificate-worker.ts',
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: { output: { format: 'esm', entryFileNames: '[name].js' } },
    },
  });
  useBuiltCertificateWorker(path.join(outDir, 'certificate-worker.js'));
  return () => {
    useBuiltCertificateWorker(null);
    rmSync(outDir, { recursive: true, force: true });
  };
}
