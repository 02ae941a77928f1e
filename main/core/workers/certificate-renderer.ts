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
/**
 * Left alone, V8 lets a worker's heap grow far past what a render keeps alive
 * (after 1000 pages the process held ~680 MB, with a cap 410 MB); with the cap
 * it collects sooner at no measurable cost in speed. A 50-page chunk of
 * certificates with the longest course texts needs more than 128 MB, so
 * there is room to spare, and the batch keeps chunks of long texts smaller.
 */
const LIMITS = { maxOldGenerationSizeMb: 256 };

/** A built worker file to run instead of the TypeScript source, set by the benchmarks: they measure what the packaged app runs. */
let builtWorker: string | null = null;

export function useBuiltCertificateWorker(file: string | null): void {
  builtWorker = file;
}

async function spawnCertificateWorker(): Promise<Worker> {
  if (builtWorker) return new Worker(builtWorker, { resourceLimits: LIMITS });
  if (import.meta.url.endsWith('.ts')) {
    // Node 20 does not pass `--import tsx` on to worker threads, so the worker registers tsx itself, then loads the entry.
    const tsxRoot = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
    const tsxApi = pathToFileURL(path.join(tsxRoot, 'dist/esm/api/index.mjs')).href;
    const entry = new URL('./certificate-worker.ts', import.meta.url).href;
    const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true, resourceLimits: LIMITS });
  }
  const { default: workerPath } = await import('./certificate-worker?modulePath');
  return new Worker(workerPath, { resourceLimits: LIMITS });
}

interface Pending {
  resolve(value: Buffer | null): void;
  reject(error: Error): void;
  onProgress?: ((done: number) => void) | undefined;
}

/** One worker thread and the requests waiting on it (the worker handles them one at a time, in order). */
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

  /** False once the worker has stopped or failed: it takes no more requests. */
  get alive(): boolean {
    return this.failure === null;
  }

  /** Loads the renderer, fonts and merger in the worker, so the first certificate does not wait for them. */
  async warmUp(): Promise<void> {
    await this.request({ type: 'warmUp', id: 0 }, {});
  }

  /** One PDF, one page per certificate; `onProgress` gets the count laid out so far, in steps. */
  async render(contents: CertificateContent[], logo: string | null, onProgress?: (done: number) => void): Promise<Buffer> {
    return this.pdf(await this.request({ type: 'render', id: 0, contents, logo }, { onProgress }));
  }

  /** One PDF with the pages of `parts` in order. The parts' bytes are handed over (transferred): do not use them after. */
  async merge(parts: Buffer[]): Promise<Buffer> {
    const transfer: ArrayBuffer[] = [];
    const bytes = parts.map((part) => {
      const whole = part.byteOffset === 0 && part.byteLength === part.buffer.byteLength && !transfer.includes(part.buffer as ArrayBuffer);
      const view = whole ? new Uint8Array(part.buffer, 0, part.byteLength) : new Uint8Array(part);
      transfer.push(view.buffer as ArrayBuffer);
      return view;
    });
    return this.pdf(await this.request({ type: 'merge', id: 0, parts: bytes }, {}, transfer));
  }

  async terminate(): Promise<void> {
    this.fail(new Error('certificate worker stopped'));
    await this.worker.terminate();
  }

  private pdf(bytes: Buffer | null): Buffer {
    if (!bytes) throw new Error('certificate worker returned no PDF');
    return bytes;
  }

  private request(message: WorkerRequest, handlers: Omit<Pending, 'resolve' | 'reject'>, transfer: ArrayBuffer[] = []): Promise<Buffer | null> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Buffer | null>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...handlers });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
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
    switch (message.type) {
      case 'progress':
        pending.onProgress?.(message.done);
        break;
      case 'pdf':
        this.settle(message.id)?.resolve(Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength));
        break;
      case 'ready':
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
