import type { PDFDocumentProxy } from 'pdfjs-dist';

/**
 * Printing a PDF from inside the app: every page is drawn at print resolution
 * into images in #print-root, a sibling of the React root, and the print
 * stylesheet (body.printing) hides everything else. The OS print dialog then
 * prints exactly the certificate pages, on the paper size they were made for.
 * Images rather than canvases: a PNG blob holds a 300 dpi page in a few
 * hundred kB, where a canvas holds 35 MB.
 */

/** Print resolution: sharp text on any office printer. */
export const PRINT_DPI = 300;
const POINTS_PER_INCH = 72;
const PRINT_ROOT_ID = 'print-root';

function canvasBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas could not be encoded'))), 'image/png');
  });
}

/** Removes prepared pages and their images (the dialog closed, or a new print starts). */
export function clearPrint(): void {
  const root = document.getElementById(PRINT_ROOT_ID);
  if (root) {
    for (const image of root.querySelectorAll('img')) URL.revokeObjectURL(image.src);
    root.remove();
  }
  document.body.classList.remove('printing');
}

/**
 * Draws every page of the document into #print-root, reporting each page
 * done. Stops when the signal aborts (the viewer closed): then, as after any
 * failure, its own images are revoked and its root removed. The pages stay
 * until clearPrint(), so the print dialog may be opened again without redrawing.
 */
export async function preparePrint(doc: PDFDocumentProxy, onPage: (done: number, total: number) => void, signal: AbortSignal): Promise<void> {
  clearPrint();
  const root = document.createElement('div');
  root.id = PRINT_ROOT_ID;
  root.setAttribute('aria-hidden', 'true');
  document.body.append(root);
  const canvas = document.createElement('canvas');
  // Every object URL made here, so none outlives a cancelled preparation (each holds a page of personal data).
  const urls: string[] = [];
  const stopIfAborted = () => {
    if (signal.aborted) throw new DOMException('print preparation stopped', 'AbortError');
  };
  try {
    for (let number = 1; number <= doc.numPages; number++) {
      stopIfAborted();
      const page = await doc.getPage(number);
      const viewport = page.getViewport({ scale: PRINT_DPI / POINTS_PER_INCH });
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport, intent: 'print', background: '#ffffff' }).promise;
      const blob = await canvasBlob(canvas);
      stopIfAborted();
      const url = URL.createObjectURL(blob);
      urls.push(url);
      const image = new Image();
      image.alt = '';
      image.src = url;
      // The page's own paper size, so the printer gets it at 100 %.
      const size = page.getViewport({ scale: 1 });
      image.style.width = `${size.width / POINTS_PER_INCH}in`;
      image.style.height = `${size.height / POINTS_PER_INCH}in`;
      await image.decode();
      stopIfAborted();
      root.append(image);
      page.cleanup();
      onPage(number, doc.numPages);
    }
    // Another viewer may have started its own preparation meanwhile, which removed this root.
    if (!root.isConnected) throw new DOMException('print layout replaced', 'AbortError');
    document.body.classList.add('printing');
  } catch (error) {
    for (const url of urls) URL.revokeObjectURL(url);
    root.remove();
    throw error;
  } finally {
    // Gives the canvas's memory back at once rather than at the next garbage collection.
    canvas.width = 0;
    canvas.height = 0;
  }
}

/** Whether pages are ready in #print-root. */
export function printPrepared(): boolean {
  return document.body.classList.contains('printing') && document.getElementById(PRINT_ROOT_ID) !== null;
}
