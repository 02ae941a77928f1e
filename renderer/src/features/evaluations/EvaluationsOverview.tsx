import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationGrouping, EvaluationSummaryRow } from '@contract/evaluation-types';
import { Notice } from '../../components/Notice';
import { i18n } from '../../i18n';
import { saveExportedFile } from '../attendance/download';
import { BarChart } from './BarChart';
import { questionText } from './EvaluationScreen';
import { useEvaluationSummary } from './useEvaluation';
import './evaluations.css';

const GROUPINGS: readonly EvaluationGrouping[] = ['type', 'teacher', 'period'];
const decimal = (n: number | null) =>
  n === null ? '–' : new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);

/** Results across courses, by course type, teacher or term: a table, a chart of one question, and CSV with aggregates only. */
export function EvaluationsOverview() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<EvaluationGrouping>('type');
  const [questionId, setQuestionId] = useState('content');
  const [notice, setNotice] = useState<string | null>(null);
  const { summary, error, exportCsv } = useEvaluationSummary(groupBy);

  const label = (row: EvaluationSummaryRow) => {
    if (groupBy === 'type') return t(`evaluation.types.${row.key}` as 'evaluation.types.other', { defaultValue: row.key });
    if (groupBy === 'period') {
      const [year, half] = row.key.split('-');
      return t('evaluation.period', { year, half });
    }
    return row.key;
  };

  const download = async () => {
    const file = await exportCsv();
    if (!file.ok) return setNotice(file.error.message);
    saveExportedFile(file.value);
    setNotice(t('evaluation.downloaded', { file: file.value.fileName }));
  };

  const question = summary?.questions.find((q) => q.id === questionId);
  return (
    <section aria-labelledby="evaluations-title">
      <div className="page-head">
        <h1 id="evaluations-title">{t('evaluation.overviewTitle')}</h1>
        <div className="actions actions--top">
          <button type="button" className="button" onClick={() => void download()} disabled={!summary || summary.rows.length === 0}>
            {t('evaluation.exportCsv')}
          </button>
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="success">{notice}</Notice>}
      <div className="toolbar">
        <label className="field field--inline">
          <span className="field__label">{t('evaluation.groupBy')}</span>
          <select className="field__control" value={groupBy} onChange={(e) => setGroupBy(e.target.value as EvaluationGrouping)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {t(`evaluation.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        {summary && (
          <label className="field field--inline">
            <span className="field__label">{t('evaluation.chartQuestion')}</span>
            <select className="field__control" value={questionId} onChange={(e) => setQuestionId(e.target.value)}>
              {summary.questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {questionText(q.text)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {summary && summary.coursesBelowThreshold > 0 && (
        <p className="muted">{t('evaluation.belowThresholdCourses', { count: summary.coursesBelowThreshold, threshold: summary.threshold })}</p>
      )}
      {summary && summary.rows.length === 0 && <p className="muted">{t('evaluation.overviewEmpty')}</p>}
      {summary && summary.rows.length > 0 && question && (
        <>
          <BarChart
            title={`${questionText(question.text)} (1–5)`}
            max={5}
            bars={summary.rows.map((row) => ({ label: label(row), value: row.means[question.id] ?? null, text: decimal(row.means[question.id] ?? null) }))}
          />
          <table className="table table--compact" data-testid="evaluation-summary">
            <thead>
              <tr>
                <th scope="col">{t(`evaluation.groups.${groupBy}`)}</th>
                <th scope="col" className="num">
                  {t('evaluation.courses')}
                </th>
                <th scope="col" className="num">
                  {t('evaluation.responses')}
                </th>
                {summary.questions.map((q) => (
                  <th key={q.id} scope="col" className="num" title={questionText(q.text)}>
                    {q.id === 'content' || q.id === 'teacher' || q.id === 'pace' || q.id === 'materials' || q.id === 'benefit' ? questionText(q.text).replace(/\?$/, '') : q.id}
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('evaluation.recommend')}
                </th>
              </tr>
            </thead>
            <tbody>
              {summary.rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{label(row)}</th>
                  <td className="num">{row.courses}</td>
                  <td className="num">{row.responses}</td>
                  {summary.questions.map((q) => (
                    <td key={q.id} className="num">
                      {decimal(row.means[q.id] ?? null)}
                    </td>
                  ))}
                  <td className="num">{row.recommendShare === null ? '–' : `${Math.round(row.recommendShare * 100)} %`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
