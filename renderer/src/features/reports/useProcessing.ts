import { useCallback, useEffect, useState } from 'react';
import type { ChannelInput } from '@contract/channels';
import type { Envelope } from '@contract/envelope';
import type { ExportedFile, ProcessingRecord } from '@contract/types';
import { call, neo } from '../../neo';

/**
 * The record of processing's data and its calls to the core: read when the
 * screen opens, saved from the controller form, printed as PDF. The screen only renders.
 */
export function useProcessing() {
  const [record, setRecord] = useState<ProcessingRecord | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [makingPdf, setMakingPdf] = useState(false);

  useEffect(() => {
    let live = true;
    void call(() => neo().processing.get({})).then((result) => {
      if (!live) return;
      if (result.ok) setRecord(result.value);
      else setLoadError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, []);

  const save = useCallback(async (input: ChannelInput<'processing:update'>): Promise<Envelope<ProcessingRecord>> => {
    const result = await call(() => neo().processing.update(input));
    if (result.ok) setRecord(result.value);
    return result;
  }, []);

  const pdf = useCallback(async (): Promise<Envelope<ExportedFile>> => {
    setMakingPdf(true);
    try {
      return await call(() => neo().processing.pdf({}));
    } finally {
      setMakingPdf(false);
    }
  }, []);

  return { record, loadError, save, pdf, makingPdf };
}
