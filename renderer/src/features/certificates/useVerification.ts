import { useCallback } from 'react';
import type { Envelope } from '@contract/envelope';
import type { ChannelInput } from '@contract/channels';
import type { CertificateVerification, ExportedFile, HolderCheck } from '@contract/types';
import { call, neo } from '../../neo';

/** The verification screen's calls to the core: look a code up, show the certificate it belongs to, check the holder's name. */
export function useVerification() {
  const verify = useCallback((code: string): Promise<Envelope<CertificateVerification>> => call(() => neo().certificates.verify({ code })), []);
  const show = useCallback((certificateId: string): Promise<Envelope<ExportedFile>> => call(() => neo().certificates.show({ certificateId })), []);
  /** Name and birth date typed from the paper, checked against the register (whose holder may be erased). */
  const verifyHolder = useCallback(
    (input: ChannelInput<'certificates:verifyHolder'>): Promise<Envelope<HolderCheck>> => call(() => neo().certificates.verifyHolder(input)),
    [],
  );
  return { verify, show, verifyHolder };
}
