import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CertificateContent } from '../../contract/types';
import type { WorkerRequest, WorkerResponse } from './protocol';

/**
 * Starts the certificate worker. From TypeScript source (tsx, vitest) it runs
 * the .ts entry through tsx's loader; in the electron-vite bundle, `?modulePath`
 * makes the build emit the worker as its own file and gives its path.
 */
async function spawnCertificateWorker(): Promise<Worker> {
  if (import.meta.url.endsWith('.ts')) {
    // Node 20 does not pass `--import tsx` on to worker threads, so the worker registers tsx itself, then loads the entry.
    const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const tsxApi = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./certificate-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  const { default: workerPath } = await import('./certificate-worker?modulePath');
  return new Worker(workerPath);
}

interface Pending {
  resolve(value: Buffer | null): void;
  reject(error: Error): void;
  onProgress?: ((done: number) => void) | undefined;
  onFile?: ((index: number, bytes: Buffer) => void) | undefined;
}

/** One worker thread and the requests waiting on it. A batch gets its own (cancel = terminate); previews share one. */
export class CertificateRenderer {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failure: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: WorkerResponse) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`certificate worker exited (${code})`)));
    // An idle worker must not keep the process alive; a busy one must.
    worker.unref();
  }

  static async start(): Promise<CertificateRenderer> {
    return new CertificateRenderer(await spawnCertificateWorker());
  }

  /** Loads the renderer and fonts in the worker, so the first certificate does not wait for them. */
  async warmUp(): Promise<void> {
    await this.request({ type: 'warmUp', id: 0 }, {});
  }

  /** One PDF, one page per certificate. */
  async renderSingle(contents: CertificateContent[], logo: string | null, onProgress?: (done: number) => void): Promise<Buffer> {
    const pdf = await this.request({ type: 'render', id: 0, mode: 'single', contents, logo }, { onProgress });
    if (!pdf) throw new Error('certificate worker returned no PDF');
    return pdf;
  }

  /** One PDF per certificate, handed to `onFile` in order as each is rendered. */
  async renderEach(contents: CertificateContent[], logo: string | null, onFile: (index: number, bytes: Buffer) => void): Promise<void> {
    await this.request({ type: 'render', id: 0, mode: 'each', contents, logo }, { onFile });
  }

  async terminate(): Promise<void> {
    this.fail(new Error('certificate worker stopped'));
    await this.worker.terminate();
  }

  private request(message: WorkerRequest, handlers: Omit<Pending, 'resolve' | 'reject'>): Promise<Buffer | null> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Buffer | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...handlers });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...message, id });
    });
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    return pending;
  }

  private receive(message: WorkerResponse): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    const bytes = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.done);
        break;
      case 'file':
        pending.onFile?.(message.index, bytes(message.bytes));
        break;
      case 'pdf':
        this.settle(message.id)?.resolve(bytes(message.bytes));
        break;
      case 'ready':
      case 'end':
        this.settle(message.id)?.resolve(null);
        break;
      case 'error':
        this.settle(message.id)?.reject(new Error(message.message));
        break;
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(this.failure);
  }
}
