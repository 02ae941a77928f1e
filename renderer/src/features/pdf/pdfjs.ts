import type * as PdfJsModule from 'pdfjs-dist';
import type { PDFDocumentProxy, PDFWorker } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * PDF.js, loaded the first time a PDF is shown (it is large, and most visits
 * never need it). It draws the core's PDF bytes onto canvases inside the app,
 * under the app's own CSP: its worker is a same-origin script, no eval, no
 * network, and fonts come from the PDF itself (ours are all embedded).
 */
type PdfJs = typeof PdfJsModule;

let loading: Promise<PdfJs> | null = null;
/** One worker for every document: a second preview starts without loading the worker again. */
let sharedWorker: PDFWorker | null = null;

export function loadPdfJs(): Promise<PdfJs> {
  loading ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
    return pdfjs;
  });
  // A failed load (for example a missing chunk) may be tried again on the next preview.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Opens a PDF from bytes; the bytes are copied, since PDF.js hands its input to its worker. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new pdfjs.PDFWorker();
  return pdfjs.getDocument({
    data: bytes.slice(),
    worker: sharedWorker,
    isEvalSupported: false,
    enableXfa: false,
    useWorkerFetch: false,
    useSystemFonts: false,
    stopAtErrors: true,
  }).promise;
}
