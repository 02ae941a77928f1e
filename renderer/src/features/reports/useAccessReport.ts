import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportedFile } from '@contract/types';
import type { Envelope } from '@contract/envelope';
import { call, neo } from '../../neo';

export type AccessReportFormat = 'pdf' | 'json';

/**
 * The access report's call to the core: one report at a time, with which
 * format is being made (the panel shows progress while the PDF renders).
 */
export function useAccessReport(participantId: string) {
  const [making, setMaking] = useState<AccessReportFormat | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const make = useCallback(
    async (format: AccessReportFormat): Promise<Envelope<ExportedFile>> => {
      setMaking(format);
      try {
        return await call(() => neo().privacy.accessReport({ participantId, format }));
      } finally {
        if (mounted.current) setMaking(null);
      }
    },
    [participantId],
  );

  return { making, make };
}
