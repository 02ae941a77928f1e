import { useTranslation } from 'react-i18next';
import type { CertificateBatchStatus } from '@contract/types';
import { Notice } from '../../components/Notice';
import { failureText } from './format';
import type { BatchOutcome } from './useCertificateBatch';

/**
 * The running batch: while the workers start, an indeterminate bar and
 * "Forbereder …" (a bar that sits at 0 for seconds looks stuck); then a real
 * progress bar, "n av N" and the cancel button.
 */
export function BatchProgress({ status, cancelling, onCancel }: { status: CertificateBatchStatus; cancelling: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  const preparing = status.phase === 'preparing' && status.done === 0;
  const text = preparing ? t('certificates.preparing') : t('certificates.progress', { done: status.done, total: status.total });
  return (
    <div className="certificates__progress" aria-busy="true">
      <p className="strong" role="status">
        {preparing ? t('certificates.preparing') : status.phase === 'finishing' ? t('certificates.finishing') : t('certificates.making')}
      </p>
      <div className="certificates__bar">
        {preparing ? (
          <progress id="certificate-progress" aria-label={t('certificates.progressLabel')} aria-valuetext={text} />
        ) : (
          <progress id="certificate-progress" max={status.total} value={status.done} aria-label={t('certificates.progressLabel')} aria-valuetext={text} />
        )}
        <span className="certificates__count">{text}</span>
        <button type="button" className="button" disabled={cancelling} onClick={onCancel}>
          {cancelling ? t('certificates.cancelling') : t('certificates.cancel')}
        </button>
      </div>
    </div>
  );
}

/** How the batch ended, always with what was written, so a stopped batch is never silent. */
export function BatchOutcomeNotice({ outcome, folder, onShow }: { outcome: BatchOutcome; folder: string; onShow: () => void }) {
  const { t } = useTranslation();
  const { status, file, error } = outcome;
  const count = status.issued.length;

  let kind: 'success' | 'error' | 'info';
  let headline: string;
  if (status.state === 'done' && status.mode === 'single' && file) {
    kind = 'success';
    headline = t('certificates.doneSingle', { count: status.total, file: file.fileName });
  } else if (status.state === 'done' && status.mode === 'perParticipant') {
    kind = 'success';
    headline = t('certificates.doneFolder', { count: status.written.length, folder });
  } else if (status.state === 'cancelled') {
    kind = 'info';
    headline = t('certificates.cancelled', { written: status.mode === 'single' ? 0 : status.written.length, total: status.total });
  } else {
    kind = 'error';
    headline = error ?? (status.failure ? failureText(t, status) : t('certificates.failed'));
  }

  return (
    <Notice kind={kind}>
      <p>{headline}</p>
      {status.mode === 'perParticipant' && status.written.length > 0 && (
        <>
          <p className="strong">{t('certificates.writtenFiles')}</p>
          <ul className="plain-list certificates__files">
            {status.written.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </>
      )}
      {status.state === 'done' && <p>{t('certificates.newCount', { count })}</p>}
      {count > 0 && (
        <p>
          <span className="strong">{t('certificates.issuedNumbers')}:</span> {status.issued.join(', ')}
        </p>
      )}
      {status.reprinted.length > 0 && (
        <p>
          <span className="strong">{t('certificates.reprintedNumbers')}:</span> {status.reprinted.join(', ')}
        </p>
      )}
      {kind !== 'success' && count === 0 && status.reprinted.length === 0 && <p>{t('certificates.noneWritten')}</p>}
      {status.state === 'done' && file && (
        <p>
          <button type="button" className="button button--small" onClick={onShow}>
            {t('certificates.showBatch')}
          </button>
        </p>
      )}
    </Notice>
  );
}
