import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChannelInput } from '@contract/channels';
import type { AppErrorShape } from '@contract/envelope';
import type { CertificateBatchStatus, ExportedFile } from '@contract/types';
import { call, neo } from '../../neo';

/** How often a running batch is asked for its progress: smooth enough for the bar, cheap for the core. */
export const POLL_MS = 150;

/** A batch that has just started: workers are getting ready, nothing is laid out yet. */
const emptyStatus = (jobId: string, mode: CertificateBatchStatus['mode'], total: number): CertificateBatchStatus => ({
  jobId,
  state: 'running',
  phase: 'preparing',
  mode,
  done: 0,
  total,
  written: [],
  issued: [],
  reprinted: [],
});

/** How a batch ended, with the PDF when it was made as one file. */
export interface BatchOutcome {
  status: CertificateBatchStatus;
  file: ExportedFile | null;
  /** Set when the finished PDF could not be fetched, or the job could not be followed. */
  error: string | null;
}

export type StartResult = { ok: true } | { ok: false; error: AppErrorShape };

/**
 * Runs one certificate batch: starts it, polls its status every POLL_MS
 * until it stops, cancels it on request, and fetches the PDF in single mode.
 * Polling stops when the screen goes away (the batch itself runs on).
 */
export function useCertificateBatch(onFinished: (outcome: BatchOutcome) => void) {
  const [status, setStatus] = useState<CertificateBatchStatus | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const alive = useRef(true);
  // The job whose end has been handled: a poll and a cancel may both see it stop.
  const handled = useRef<string | null>(null);
  const finishedRef = useRef(onFinished);

  useEffect(() => {
    finishedRef.current = onFinished;
  }, [onFinished]);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const finish = useCallback(async (final: CertificateBatchStatus, reason: string | null = null) => {
    if (handled.current === final.jobId) return;
    handled.current = final.jobId;
    let file: ExportedFile | null = null;
    let error: string | null = reason;
    if (final.state === 'done' && final.mode === 'single') {
      const result = await call(() => neo().certificates.batchResult({ jobId: final.jobId }));
      if (result.ok) file = result.value;
      else error = result.error.message;
    }
    if (!alive.current) return;
    setStatus(null);
    setCancelling(false);
    finishedRef.current({ status: final, file, error });
  }, []);

  /** Asks for the job's status every POLL_MS until it stops, or the screen goes, or a cancel has handled it. */
  const follow = useCallback(
    async (jobId: string) => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (!alive.current || handled.current === jobId) return;
        const result = await call(() => neo().certificates.batchStatus({ jobId }));
        if (!alive.current || handled.current === jobId) return;
        if (!result.ok) {
          // The job is gone (for example forgotten by the core): report what is known, with the core's reason.
          await finish({ ...emptyStatus(jobId, 'single', 0), state: 'failed', failure: 'other' }, result.error.message);
          return;
        }
        if (result.value.state !== 'running') {
          await finish(result.value);
          return;
        }
        setStatus(result.value);
      }
    },
    [finish],
  );

  const start = useCallback(
    async (input: ChannelInput<'certificates:startBatch'>): Promise<StartResult> => {
      const result = await call(() => neo().certificates.startBatch(input));
      if (!result.ok) return result;
      const { jobId } = result.value;
      if (!alive.current) return { ok: true };
      // The bar shows at once; the first poll fills in the real figures.
      setStatus(emptyStatus(jobId, input.output.mode, input.items.length));
      void follow(jobId);
      return { ok: true };
    },
    [follow],
  );

  const cancel = useCallback(async () => {
    if (!status || cancelling) return;
    setCancelling(true);
    const result = await call(() => neo().certificates.cancelBatch({ jobId: status.jobId }));
    if (!alive.current) return;
    if (result.ok) await finish(result.value);
    else setCancelling(false);
  }, [status, cancelling, finish]);

  return { status, cancelling, start, cancel };
}
