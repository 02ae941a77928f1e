import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationQuestionResult, EvaluationResults, LocalText } from '@contract/evaluation-types';
import { BackToCourse } from '../../components/BackToCourse';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { useCan } from '../../can';
import { i18n } from '../../i18n';
import { startKiosk } from '../../session';
import { saveExportedFile } from '../attendance/download';
import { BarChart } from './BarChart';
import { PaperEntry } from './PaperEntry';
import { QuestionsSection } from './QuestionsSection';
import { useCourseEvaluation } from './useEvaluation';
import './evaluations.css';

/** A question's text in the app's language (English when the form has it, else bokmål). */
export const questionText = (text: LocalText) => (i18n.language === 'en' ? (text.en ?? text.nb) : text.nb);

const decimal = (n: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'nb-NO', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
const percent = (share: number) => String(Math.round(share * 100));

/** A course's evaluation: start the kiosk, print or enter paper forms, and the results from 5 responses. */
export function EvaluationScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const evaluation = useCourseEvaluation(courseId);
  const { form, results, courseName, error } = evaluation;
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [paper, setPaper] = useState(false);

  const download = async (make: typeof evaluation.exportPdf) => {
    setActionError(null);
    const file = await make();
    if (!file.ok) return setActionError(file.error.message);
    saveExportedFile(file.value);
    setNotice(t('evaluation.downloaded', { file: file.value.fileName }));
  };

  const start = async () => {
    const result = await startKiosk(courseId);
    if (!result.ok) setActionError(result.error.message);
  };

  return (
    <section aria-labelledby="evaluation-title">
      <BackToCourse courseId={courseId} />
      <div className="page-head">
        <div>
          <h1 id="evaluation-title">{t('evaluation.title')}</h1>
          <p className="muted">{courseName}</p>
        </div>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {actionError && <Notice kind="error">{actionError}</Notice>}
      {notice && <Notice kind="success">{notice}</Notice>}

      <div className="card">
        <h2>{t('evaluation.kioskTitle')}</h2>
        <p>{t('evaluation.kioskIntro')}</p>
        <button type="button" className="button button--primary" onClick={() => void start()}>
          {t('evaluation.startKiosk')}
        </button>
      </div>

      {form && <QuestionsSection form={form} save={evaluation.saveForm} resetToDefault={evaluation.resetToDefault} onChanged={evaluation.reload} />}

      <div className="card">
        <h2>{t('evaluation.paperTitle')}</h2>
        <p>{t('evaluation.paperIntro')}</p>
        <div className="actions">
          <button type="button" className="button" onClick={() => void download(evaluation.paperForm)}>
            {t('evaluation.printForm')}
          </button>
          {form && (
            <button type="button" className="button" onClick={() => setPaper(true)}>
              {t('evaluation.enterPaper')}
            </button>
          )}
        </div>
        {paper && form && (
          <PaperEntry
            questions={form.questions}
            enter={evaluation.enterPaper}
            onSaved={evaluation.reload}
            onDone={() => {
              setPaper(false);
              evaluation.reload();
            }}
          />
        )}
      </div>

      {results && (
        <Results
          results={results}
          onDelete={async (answerId) => {
            const result = await evaluation.deleteOpenAnswer(answerId);
            if (!result.ok) return setActionError(result.error.message);
            setNotice(t('evaluation.deleted'));
            evaluation.reload();
          }}
          onPdf={() => void download(evaluation.exportPdf)}
        />
      )}
    </section>
  );
}

function Results({ results, onDelete, onPdf }: { results: EvaluationResults; onDelete: (answerId: string) => Promise<void>; onPdf: () => void }) {
  const { t } = useTranslation();
  const mayDelete = useCan('evaluations:deleteOpenAnswer');
  const [deleting, setDeleting] = useState<string | null>(null);
  const ratings = results.questions.filter((q) => q.kind === 'rating');
  const textOf = (id: string) => questionText(results.questions.find((q) => q.questionId === id)?.text ?? { nb: id });
  return (
    <div className="card" data-testid="evaluation-results">
      <div className="page-head">
        <h2>{t('evaluation.resultsTitle')}</h2>
        {results.shown && (
          <button type="button" className="button" onClick={onPdf}>
            {t('evaluation.exportPdf')}
          </button>
        )}
      </div>
      <dl className="facts__list">
        <div>
          <dt>{t('evaluation.responses')}</dt>
          <dd data-testid="evaluation-responses">{results.responses}</dd>
        </div>
        <div>
          <dt>{t('evaluation.enrolled')}</dt>
          <dd>{results.enrolled}</dd>
        </div>
        <div>
          <dt>{t('evaluation.responseRate')}</dt>
          <dd>{results.responseRate === null ? '–' : `${percent(results.responseRate)} %`}</dd>
        </div>
      </dl>
      {!results.shown ? (
        <Notice kind="info">{t('evaluation.belowThreshold', { threshold: results.threshold, count: results.responses })}</Notice>
      ) : (
        <>
          <BarChart
            title={t('evaluation.chartTitle')}
            max={5}
            bars={ratings.map((q) => ({ label: questionText(q.text), value: q.mean, text: q.mean === null ? '–' : decimal(q.mean) }))}
          />
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('evaluation.question')}</th>
                <th scope="col" className="num">
                  {t('evaluation.answered')}
                </th>
                <th scope="col" className="num">
                  {t('evaluation.mean')}
                </th>
                <th scope="col">{t('evaluation.distribution')}</th>
              </tr>
            </thead>
            <tbody>
              {results.questions
                .filter((q) => q.kind !== 'open')
                .map((q) => (
                  <QuestionRow key={q.questionId} q={q} />
                ))}
            </tbody>
          </table>
          <h3>{t('evaluation.openTitle')}</h3>
          {results.openAnswersHidden ? (
            <p className="muted">{t('evaluation.openHidden')}</p>
          ) : (
            <>
              <Notice kind="warning">{t('evaluation.openNote')}</Notice>
              {results.openAnswers.length === 0 ? (
                <p className="muted">{t('evaluation.openNone')}</p>
              ) : (
                <ul className="open-answers" data-testid="open-answers">
                  {results.openAnswers.map((a) => (
                    <li key={a.id}>
                      <span className="muted">{textOf(a.questionId)}</span>
                      <p dir="auto" className="pre-line">
                        {a.text}
                      </p>
                      {mayDelete && (
                        <button type="button" className="button button--ghost" onClick={() => setDeleting(a.id)}>
                          {t('evaluation.deleteOpen')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
      {deleting && (
        <Dialog title={t('evaluation.deleteOpenTitle')} onClose={() => setDeleting(null)}>
          <p>{t('evaluation.deleteOpenConfirm')}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              onClick={() => {
                const id = deleting;
                setDeleting(null);
                void onDelete(id);
              }}
            >
              {t('evaluation.deleteOpenDo')}
            </button>
            <button type="button" className="button" onClick={() => setDeleting(null)}>
              {t('kiosk.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

function QuestionRow({ q }: { q: EvaluationQuestionResult }) {
  const { t } = useTranslation();
  const yesno = q.kind === 'yesno';
  return (
    <tr>
      <td>{questionText(q.text)}</td>
      <td className="num">{q.answered}</td>
      <td className="num">{q.mean === null ? '–' : yesno ? t('evaluation.yesShare', { percent: percent(q.mean) }) : decimal(q.mean)}</td>
      <td className="nowrap">{yesno ? `${t('evaluation.yes')} ${q.distribution[0]} · ${t('evaluation.no')} ${q.distribution[1]}` : q.distribution.join(' · ')}</td>
    </tr>
  );
}
