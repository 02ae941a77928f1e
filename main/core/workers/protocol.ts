import type { CertificateContent } from '../../contract/types';

/**
 * Messages between the core and a certificate rendering worker (structured-cloned;
 * PDF bytes are transferred). A worker handles one request at a time, in order.
 */
export type WorkerRequest =
  /** Loads the renderer, the fonts and the PDF merger, so the first real request does not wait for them. */
  | { type: 'warmUp'; id: number }
  /** One PDF with a page per certificate, in the order given. */
  | { type: 'render'; id: number; contents: CertificateContent[]; logo: string | null }
  /** One PDF with the pages of `parts`, in order; the first part's document information is kept. */
  | { type: 'merge'; id: number; parts: Uint8Array[] };

export type WorkerResponse =
  | { type: 'ready'; id: number }
  /** `done` certificates of this request are laid out. */
  | { type: 'progress'; id: number; done: number }
  | { type: 'pdf'; id: number; bytes: Uint8Array }
  | { type: 'error'; id: number; message: string };
