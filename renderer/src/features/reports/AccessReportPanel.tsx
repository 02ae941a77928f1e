import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { saveExportedFile } from '../attendance/download';
import { useAccessReport } from './useAccessReport';
import type { AccessReportFormat } from './useAccessReport';

/** The access report (innsyn) for the person, as PDF and JSON, on the participant's page. */
export function AccessReportPanel({ participantId }: { courseId: string; participantId: string }) {
  const { t } = useTranslation();
  const { making, make } = useAccessReport(participantId);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const pdfButton = useRef<HTMLButtonElement>(null);
  const jsonButton = useRef<HTMLButtonElement>(null);

  const download = async (format: AccessReportFormat) => {
    if (making) return;
    setMessage(null);
    const result = await make(format);
    // The button was disabled while the file was made, which took the keyboard focus away: give it back.
    requestAnimationFrame(() => (format === 'pdf' ? pdfButton : jsonButton).current?.focus());
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error.message });
      return;
    }
    saveExportedFile(result.value);
    setMessage({ kind: 'success', text: t('accessReport.done', { file: result.value.fileName }) });
  };

  const progress = making === 'pdf' ? t('accessReport.makingPdf') : making === 'json' ? t('accessReport.makingJson') : '';

  return (
    <section className="card" aria-labelledby="access-report-title">
      <h3 id="access-report-title">{t('accessReport.title')}</h3>
      <p className="muted">{t('accessReport.intro')}</p>
      <p className="muted small">{t('accessReport.recorded')}</p>
      <div className="actions">
        <button ref={pdfButton} type="button" className="button" disabled={making !== null} aria-busy={making === 'pdf'} onClick={() => void download('pdf')}>
          {making === 'pdf' ? t('accessReport.makingPdf') : t('accessReport.pdf')}
        </button>
        <button ref={jsonButton} type="button" className="button" disabled={making !== null} aria-busy={making === 'json'} onClick={() => void download('json')}>
          {making === 'json' ? t('accessReport.makingJson') : t('accessReport.json')}
        </button>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {progress}
      </p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
    </section>
  );
}
