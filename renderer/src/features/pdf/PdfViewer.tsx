import { useCallback, useEffect, useRef, useState } from 'react';
import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy, RenderTask, TextLayer } from 'pdfjs-dist';
import type { ExportedFile } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { printWindow } from '../../platform';
import { bytesOfBase64, saveExportedFile } from '../attendance/download';
import { loadPdfJs, openPdf } from './pdfjs';
import { clearPrint, preparePrint, printPrepared } from './print';

/** Width of a page on screen, in CSS pixels: an A4 page is readable without zooming. */
const PAGE_WIDTH = 640;
/** Until a page's own size is known, its place is held at A4's proportions. */
const A4_RATIO = 842 / 595;

type Message = { kind: 'success' | 'error' | 'info'; text: string };

/**
 * Shows a PDF made by the core inside the app (drawn by PDF.js, with a text
 * layer so it can be read aloud, searched and copied), and prints it through
 * the operating system's print dialog or saves it. Pages are drawn as they
 * scroll into view, so a long batch opens as fast as one certificate.
 */
export function PdfViewer({
  title,
  heading,
  file,
  onClose,
}: {
  title: string;
  /** The title as shown, when it holds an isolated name (`title` stays the accessible label). */
  heading?: ReactNode;
  file: ExportedFile;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [failed, setFailed] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const preparing = useRef<AbortController | null>(null);
  // The scrolling list of pages: pages are drawn as they come near its visible part.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);

  useEffect(() => {
    let closed = false;
    let opened: PDFDocumentProxy | null = null;
    openPdf(bytesOfBase64(file.base64)).then(
      (document) => {
        if (closed) void document.destroy();
        else {
          opened = document;
          setDoc(document);
        }
      },
      () => {
        if (!closed) setFailed(true);
      },
    );
    return () => {
      closed = true;
      preparing.current?.abort();
      clearPrint();
      void opened?.destroy();
    };
  }, [file]);

  const onPageFailed = useCallback(() => setFailed(true), []);

  const print = async () => {
    if (!doc || preparing.current) return;
    setMessage(null);
    if (!printPrepared()) {
      const abort = new AbortController();
      preparing.current = abort;
      setProgress({ done: 0, total: doc.numPages });
      try {
        await preparePrint(doc, (done, total) => setProgress({ done, total }), abort.signal);
      } catch {
        if (!abort.signal.aborted) setMessage({ kind: 'error', text: t('pdf.printFailed') });
        return;
      } finally {
        preparing.current = null;
        setProgress(null);
      }
    }
    if (!printPrepared()) return; // the viewer closed while its pages were drawn
    const outcome = await printWindow();
    if (outcome === 'printed') setMessage({ kind: 'success', text: t('pdf.printed') });
    else if (outcome === 'cancelled') setMessage({ kind: 'info', text: t('pdf.printCancelled') });
    else if (outcome === 'failed') setMessage({ kind: 'error', text: t('pdf.printFailed') });
  };

  const save = () => {
    saveExportedFile(file);
    setMessage({ kind: 'info', text: t('pdf.saving', { file: file.fileName }) });
  };

  // Ctrl+P prints the document shown, not the app's window.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'p') {
      event.preventDefault();
      void print();
    }
  };

  const count = doc?.numPages ?? 0;
  return (
    <Dialog title={heading ?? title} onClose={onClose} className="dialog--pdf" onKeyDown={onKeyDown}>
      <div className="pdf-viewer__toolbar">
        <p className="muted">{doc ? t('pdf.pages', { count }) : failed ? '' : t('pdf.loading')}</p>
        <div className="actions">
          <button
            type="button"
            className="button button--primary"
            // Not disabled while preparing: a disabled button loses focus, and with it Escape and Ctrl+P.
            disabled={!doc}
            aria-disabled={progress !== null}
            aria-busy={progress !== null}
            aria-keyshortcuts="Control+P Meta+P"
            title={t('pdf.printShortcut')}
            onClick={() => void print()}
          >
            {t('pdf.print')}
          </button>
          <button type="button" className="button" onClick={save}>
            {t('pdf.save')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
      <div role="status" aria-live="polite" className="pdf-viewer__status">
        {progress && (
          <>
            {/* Announced once; the count itself changes on every page and is for the eye. */}
            <span className="visually-hidden">{t('pdf.preparingStarted')}</span>
            <span aria-hidden="true">{t('pdf.preparing', { done: progress.done, total: progress.total })}</span>
            <progress max={progress.total} value={progress.done} aria-hidden="true" />
          </>
        )}
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {failed && <Notice kind="error">{t('pdf.showFailed')}</Notice>}
      {/* Focused first, so the arrow keys and Page Down scroll the pages at once. */}
      <div ref={setScroller} className="pdf-viewer__pages" role="region" tabIndex={0} data-autofocus aria-label={title}>
        {doc &&
          scroller &&
          Array.from({ length: count }, (_, index) => (
            <PdfPage key={index} doc={doc} pageNumber={index + 1} count={count} scroller={scroller} onFailed={onPageFailed} />
          ))}
      </div>
    </Dialog>
  );
}

/** One page: a canvas for the eye and a transparent text layer above it for selection and screen readers. */
function PdfPage({
  doc,
  pageNumber,
  count,
  scroller,
  onFailed,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  count: number;
  scroller: HTMLElement;
  onFailed: () => void;
}) {
  const { t } = useTranslation();
  const frame = useRef<HTMLElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const text = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [size, setSize] = useState<{ width: number; height: number; scale: number } | null>(null);
  const [rendered, setRendered] = useState(false);

  // Drawn while it is within a screenful of the list's visible part, and let go of further away, so a
  // long batch holds a few pages' pixels, not all of them. Without an observer, drawn at once.
  useEffect(() => {
    const element = frame.current;
    if (!element || typeof IntersectionObserver === 'undefined') {
      setVisible(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setVisible(last.isIntersecting);
      },
      { root: scroller, rootMargin: '100% 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);

  useEffect(() => {
    if (!visible) return;
    let stopped = false;
    let task: RenderTask | null = null;
    let layer: TextLayer | null = null;
    const target = canvas.current;
    const textTarget = text.current;
    const draw = async () => {
      const pdfjs = await loadPdfJs();
      const page = await doc.getPage(pageNumber);
      if (stopped || !target || !textTarget) return;
      const scale = PAGE_WIDTH / page.getViewport({ scale: 1 }).width;
      const viewport = page.getViewport({ scale });
      const ratio = window.devicePixelRatio || 1;
      target.width = Math.floor(viewport.width * ratio);
      target.height = Math.floor(viewport.height * ratio);
      setSize({ width: viewport.width, height: viewport.height, scale });
      task = page.render({ canvas: target, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
      await task.promise;
      if (stopped) return;
      textTarget.replaceChildren();
      layer = new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: textTarget, viewport });
      await layer.render();
      if (!stopped) setRendered(true);
    };
    draw().catch((error: unknown) => {
      // Closing the viewer cancels drawing on purpose; anything else is a page that cannot be shown.
      if (!stopped && !(error instanceof Error && error.name === 'RenderingCancelledException')) onFailed();
    });
    return () => {
      stopped = true;
      task?.cancel();
      layer?.cancel();
      // Out of view (or closed): the canvas's pixels go; the frame keeps its size, so nothing jumps.
      if (target) {
        target.width = 0;
        target.height = 0;
      }
      textTarget?.replaceChildren();
      setRendered(false);
    };
  }, [visible, doc, pageNumber, onFailed]);

  const style = {
    width: `${size?.width ?? PAGE_WIDTH}px`,
    height: `${size?.height ?? PAGE_WIDTH * A4_RATIO}px`,
    '--total-scale-factor': String(size?.scale ?? 1),
  } as CSSProperties;

  return (
    <figure ref={frame} className="pdf-page" style={style} aria-label={t('pdf.pageLabel', { page: pageNumber, count })} aria-busy={!rendered} data-rendered={rendered}>
      <canvas ref={canvas} className="pdf-page__canvas" aria-hidden="true" />
      <div ref={text} className="pdf-page__text textLayer" />
    </figure>
  );
}
