import type { CertificateContent } from '../../contract/types';

/** Messages between the core and the certificate rendering worker (structured-cloned; PDF bytes are transferred). */
export type WorkerRequest =
  | { type: 'warmUp'; id: number }
  /** `single`: one PDF with a page each; `each`: one PDF per certificate, posted as each is done. */
  | { type: 'render'; id: number; mode: 'single' | 'each'; contents: CertificateContent[]; logo: string | null };

export type WorkerResponse =
  | { type: 'ready'; id: number }
  | { type: 'progress'; id: number; done: number }
  | { type: 'file'; id: number; index: number; bytes: Uint8Array }
  | { type: 'pdf'; id: number; bytes: Uint8Array }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; message: string };
