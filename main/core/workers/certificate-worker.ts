/**
 * Worker thread entry: renders certificate PDFs off the main thread, so the
 * app stays responsive while hundreds of pages are laid out. It owns no data:
 * it gets the printed contents and returns bytes; the core writes and registers.
 */
import { parentPort } from 'node:worker_threads';
import type { CertificateContent } from '../../contract/types';
import type { WorkerRequest, WorkerResponse } from './protocol';

// React's production build: the development one checks every element and is several times slower.
// Set before the renderer loads, which is why it is imported dynamically below.
process.env.NODE_ENV = 'production';

const port = parentPort;
if (!port) throw new Error('certificate-worker must run as a worker thread');

const renderer = import('../pdf/certificate');
const merger = import('./merge-pdfs');

/**
 * Rendered (and thrown away) while warming up: the first layout in a fresh
 * thread runs unoptimised code and builds caches, several times slower than the
 * next, and that first one should not be the user's preview.
 */
const SAMPLE: CertificateContent = {
  number: 'NK-0000-000000',
  verificationCode: '0000-0000-00',
  language: 'nb',
  issueDate: '2025-01-01',
  provider: { name: 'Kursleverandør AS', address: { street: 'Gate 1', postalCode: '0001', city: 'Ålesund' }, organisationNumber: '000000000', logoSha256: null },
  participant: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '1980-01-01' },
  course: {
    name: 'Kurs i førstehjelp',
    description: 'Innhold i kurset, med æøå og flere ord som må brytes over linjer. '.repeat(4),
    learningGoals: 'Læringsmål for deltakeren. '.repeat(4),
    place: 'Ålesund',
    startDate: '2025-01-01',
    endDate: '2025-01-31',
    hours: 10,
  },
  hoursAttended: 9.5,
  signer: { name: 'Signatar', title: 'Tittel' },
};
/**
 * Pages per warm-up render. The first page in a fresh thread takes ~350 ms, the
 * next ~30; V8 then keeps optimising over the next hundred pages or so (19 → 9
 * ms a page). So a few dozen sample pages follow, in small renders: real work
 * waits only for the one in progress, and the rest are skipped once it arrives.
 */
const WARM_UP_PAGES = [1, 1, ...Array.from({ length: 12 }, () => 5)];

const post = (message: WorkerResponse, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** Bytes as a transferable Uint8Array (copied only when they share a larger, pooled ArrayBuffer). */
function transferable(data: Uint8Array): [Uint8Array, ArrayBuffer[]] {
  const bytes = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
  return [bytes, [bytes.buffer as ArrayBuffer]];
}

async function handle(request: WorkerRequest): Promise<void> {
  const { renderCertificatesPdf, warmUpCertificateRenderer } = await renderer;
  switch (request.type) {
    case 'warmUp': {
      await Promise.all([warmUpCertificateRenderer(), merger]);
      for (const pages of WARM_UP_PAGES) {
        if (waiting > 1) break;
        await renderCertificatesPdf(Array.from({ length: pages }, (_, i) => ({ ...SAMPLE, number: `${SAMPLE.number}-${i}` })), null);
      }
      post({ type: 'ready', id: request.id });
      return;
    }
    case 'render': {
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
    case 'merge': {
      const [bytes, transfer] = transferable(await (await merger).mergePdfs(request.parts));
      post({ type: 'pdf', id: request.id, bytes }, transfer);
      return;
    }
  }
}

// One request at a time, in order: a render never interleaves with another (or with the warm-up) in this thread.
let queue: Promise<void> = Promise.resolve();
/** Requests received and not yet answered, the one being handled included. */
let waiting = 0;
port.on('message', (request: WorkerRequest) => {
  waiting++;
  queue = queue.then(() =>
    handle(request)
      .catch((error: unknown) => {
        post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => {
        waiting--;
      }),
  );
});
