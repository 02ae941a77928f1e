import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { Course } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { saveExportedFile } from '../attendance/download';
import { useFunderReports } from './useFunderReports';
import type { FunderReportFormat, FunderReportKind } from './useFunderReports';

/**
 * "Rapporter" on the course page: the grant and hours report for every course,
 * and for Kompetansepluss the start report (from the start date) and the
 * completion report (from the end date). The two that name people go to
 * Kompetanse Norge: the user is told before saving that the file is plain
 * text and that the disclosure is recorded.
 */
export function FunderReportsPanel({ course }: { course: Course }) {
  const { t } = useTranslation();
  const { availability, making, make } = useFunderReports(course.id);
  const [confirming, setConfirming] = useState<{ kind: 'start' | 'completion'; format: FunderReportFormat } | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const kompetansepluss = course.type === 'kompetansepluss';

  const run = async (kind: FunderReportKind, format: FunderReportFormat) => {
    setMessage(null);
    const result = await make(kind, format);
    setConfirming(null);
    if (!result.ok) {
      setMessage({ kind: 'error', text: result.error.message });
      return;
    }
    saveExportedFile(result.value);
    setMessage({ kind: 'success', text: t(kind === 'grant' ? 'funderReports.saved' : 'funderReports.savedDisclosed', { name: result.value.fileName }) });
  };

  const buttons = (kind: FunderReportKind, disabled: boolean) => (
    <div className="actions">
      {(['csv', 'pdf'] as const).map((format) => {
        const text = making === `${kind}/${format}` ? t('funderReports.making') : t(`funderReports.${format}`);
        return (
          <button
            key={format}
            type="button"
            className="button"
            disabled={disabled || making !== null}
            aria-busy={making === `${kind}/${format}`}
            // The visible text first (so speech input finds it), then which report it makes.
            aria-label={`${text} (${t(`funderReports.${kind}.title`)})`}
            onClick={() => (kind === 'grant' ? void run(kind, format) : setConfirming({ kind, format }))}
          >
            {text}
          </button>
        );
      })}
    </div>
  );

  const personal = (kind: 'start' | 'completion') => {
    const state = availability?.[kind];
    return (
      <div className="funder-report" data-report={kind}>
        <h3 className="facts__heading">{t(`funderReports.${kind}.title`)}</h3>
        <p className="muted">{t(`funderReports.${kind}.description`)}</p>
        {state && !state.available && state.from && <p data-testid={`${kind}-not-yet`}>{t(`funderReports.${kind}.availableFrom`, { date: formatNorwegianDate(state.from) })}</p>}
        {buttons(kind, !state?.available)}
      </div>
    );
  };

  return (
    <section className="card" aria-labelledby="funder-reports-title">
      <h2 id="funder-reports-title" className="facts__heading">
        {t('funderReports.title')}
      </h2>
      <p className="muted">{t('funderReports.intro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="funder-report" data-report="grant">
        <h3 className="facts__heading">{t('funderReports.grant.title')}</h3>
        <p className="muted">{t('funderReports.grant.description')}</p>
        {buttons('grant', false)}
      </div>
      {kompetansepluss ? (
        <>
          {!course.funderReference && <Notice kind="warning">{t('funderReports.noReference')}</Notice>}
          {personal('start')}
          {personal('completion')}
        </>
      ) : (
        <p className="muted">{t('funderReports.onlyKompetansepluss')}</p>
      )}
      {confirming && (
        <Dialog title={t('funderReports.warningTitle')} onClose={() => making === null && setConfirming(null)}>
          <p>
            <strong>{t(`funderReports.${confirming.kind}.title`)}</strong>
            {course.funderReference && <> · {t('funderReports.reference', { reference: course.funderReference })}</>}
          </p>
          <p>{t('funderReports.warning')}</p>
          <p className="muted">{t('funderReports.recordNotice')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              disabled={making !== null}
              aria-busy={making !== null}
              onClick={() => void run(confirming.kind, confirming.format)}
            >
              {making !== null ? t('funderReports.making') : t('funderReports.save', { format: t(`funderReports.${confirming.format}`) })}
            </button>
            <button type="button" className="button" disabled={making !== null} onClick={() => setConfirming(null)} data-autofocus>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
