import { useCallback } from 'react';
import type { Envelope } from '@contract/envelope';
import type { CertificateVerification, ExportedFile } from '@contract/types';
import { call, neo } from '../../neo';

/** The verification screen's calls to the core: look a code up, and show the certificate it belongs to. */
export function useVerification() {
  const verify = useCallback((code: string): Promise<Envelope<CertificateVerification>> => call(() => neo().certificates.verify({ code })), []);
  const show = useCallback((certificateId: string): Promise<Envelope<ExportedFile>> => call(() => neo().certificates.show({ certificateId })), []);
  return { verify, show };
}
