/**
 * Worker thread entry: renders certificate PDFs off the main thread, so the
 * app stays responsive while hundreds of pages are laid out. It owns no data:
 * it gets the printed contents and returns bytes; the core writes and registers.
 */
import { parentPort } from 'node:worker_threads';
import type { WorkerRequest, WorkerResponse } from './protocol';

// React's production build: the development one checks every element and is several times slower.
// Set before the renderer loads, which is why it is imported dynamically below.
process.env.NODE_ENV = 'production';

const port = parentPort;
if (!port) throw new Error('certificate-worker must run as a worker thread');

const renderer = import('../pdf/certificate');

const post = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** A Buffer's bytes as a transferable Uint8Array (copied only when the Buffer shares a pooled ArrayBuffer). */
function transferable(buffer: Buffer): [Uint8Array, ArrayBuffer[]] {
  const bytes = buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? new Uint8Array(buffer.buffer) : new Uint8Array(buffer);
  return [bytes, [bytes.buffer as ArrayBuffer]];
}

async function handle(request: WorkerRequest): Promise<void> {
  const { renderCertificatesPdf, warmUpCertificateRenderer } = await renderer;
  if (request.type === 'warmUp') {
    await warmUpCertificateRenderer();
    post({ type: 'ready', id: request.id });
    return;
  }
  if (request.mode === 'single') {
    // The callback may come more than once per page (once per word of the name): count pages.
    const laidOut = new Set<number>();
    const pdf = await renderCertificatesPdf(request.contents, request.logo, (page) => {
      if (laidOut.has(page)) return;
      laidOut.add(page);
      // In steps, so the channel is not flooded.
      if (laidOut.size % 10 === 0 || laidOut.size === request.contents.length) post({ type: 'progress', id: request.id, done: laidOut.size });
    });
    const [bytes, transfer] = transferable(pdf);
    post({ type: 'pdf', id: request.id, bytes }, transfer);
    return;
  }
  for (let index = 0; index < request.contents.length; index++) {
    const pdf = await renderCertificatesPdf([request.contents[index]!], request.logo);
    const [bytes, transfer] = transferable(pdf);
    post({ type: 'file', id: request.id, index, bytes }, transfer);
  }
  post({ type: 'end', id: request.id });
}

port.on('message', (request: WorkerRequest) => {
  handle(request).catch((error: unknown) => {
    post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  });
});
