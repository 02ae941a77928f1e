import { useCallback, useEffect, useRef, useState } from 'react';
import type { Envelope } from '@contract/envelope';
import type { ExportedFile, ReportAvailability } from '@contract/types';
import { call, neo } from '../../neo';

export type FunderReportKind = 'start' | 'completion' | 'grant';
export type FunderReportFormat = 'csv' | 'pdf';

/**
 * The funder's reports of one course: which can be made today (the core's
 * day, so the screen and the core agree), and making one file at a time.
 */
export function useFunderReports(courseId: string) {
  const [availability, setAvailability] = useState<ReportAvailability | null>(null);
  const [making, setMaking] = useState<`${FunderReportKind}/${FunderReportFormat}` | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    void call(() => neo().reports.availability({ courseId })).then((result) => {
      if (mounted.current && result.ok) setAvailability(result.value);
    });
    return () => {
      mounted.current = false;
    };
  }, [courseId]);

  const make = useCallback(
    async (kind: FunderReportKind, format: FunderReportFormat): Promise<Envelope<ExportedFile>> => {
      setMaking(`${kind}/${format}`);
      try {
        const input = { courseId, format };
        if (kind === 'start') return await call(() => neo().reports.kompetanseplussStart(input));
        if (kind === 'completion') return await call(() => neo().reports.kompetanseplussCompletion(input));
        return await call(() => neo().reports.grant(input));
      } finally {
        if (mounted.current) setMaking(null);
      }
    },
    [courseId],
  );

  return { availability, making, make };
}
