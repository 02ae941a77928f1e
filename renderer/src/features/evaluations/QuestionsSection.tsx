import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Envelope } from '@contract/envelope';
import type { CourseEvaluationForm, EvaluationQuestion, EvaluationQuestionKind } from '@contract/evaluation-types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { SelectField, TextField } from '../../components/fields';
import { useCan } from '../../can';
import { questionText } from './EvaluationScreen';

const KINDS: readonly EvaluationQuestionKind[] = ['rating', 'yesno', 'open'];

/** Ids must match ^[a-z0-9-]{1,40}$ and be unique in the form: the first free "q-N". */
export function newQuestionId(taken: readonly { id: string }[]): string {
  const ids = new Set(taken.map((q) => q.id));
  let n = taken.length + 1;
  while (ids.has(`q-${n}`)) n += 1;
  return `q-${n}`;
}

/** Editable texts: empty strings for English and nynorsk until typed. */
interface Draft {
  id: string;
  kind: EvaluationQuestionKind;
  nb: string;
  en: string;
  nn: string;
}

const toDraft = (q: EvaluationQuestion): Draft => ({ id: q.id, kind: q.kind, nb: q.text.nb, en: q.text.en ?? '', nn: q.text.nn ?? '' });

// Empty optional texts are left out, so the form falls back to bokmål for them.
const toQuestion = (d: Draft): EvaluationQuestion => ({
  id: d.id,
  kind: d.kind,
  text: { nb: d.nb, ...(d.en.trim() ? { en: d.en } : {}), ...(d.nn.trim() ? { nn: d.nn } : {}) },
});

type Result = Promise<Envelope<CourseEvaluationForm>>;

/**
 * The course's questions: the standard form or its own copy, edited here
 * while no one has answered. After the first answer they are shown read-only
 * (the core refuses changes then, so the results stay comparable).
 */
export function QuestionsSection({
  form,
  save,
  resetToDefault,
  onChanged,
}: {
  form: CourseEvaluationForm;
  save: (questions: EvaluationQuestion[]) => Result;
  resetToDefault: () => Result;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const mayEdit = useCan('evaluations:saveForm');
  const mayReset = useCan('evaluations:useDefault');
  const [drafts, setDrafts] = useState<Draft[] | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirmDefault, setConfirmDefault] = useState(false);
  const [busy, setBusy] = useState(false);
  const locked = form.responses > 0;

  const start = () => {
    setNotice(null);
    setError(null);
    setFieldErrors({});
    setDrafts(form.questions.map(toDraft));
  };

  const update = (index: number, change: Partial<Draft>) => setDrafts((ds) => ds && ds.map((d, i) => (i === index ? { ...d, ...change } : d)));
  const move = (index: number, by: -1 | 1) =>
    setDrafts((ds) => {
      if (!ds || index + by < 0 || index + by >= ds.length) return ds;
      const next = [...ds];
      [next[index], next[index + by]] = [next[index + by]!, next[index]!];
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!drafts || busy) return;
    setBusy(true);
    const result = await save(drafts.map(toQuestion));
    setBusy(false);
    if (!result.ok) {
      setFieldErrors(result.error.fields ?? {});
      setError(result.error.message);
      // Answers came in meanwhile (a paper sheet, the kiosk): read again, so the section turns read-only.
      if (result.error.code === 'EVALUATION_HAS_ANSWERS') {
        setDrafts(null);
        onChanged();
      }
      return;
    }
    setDrafts(null);
    setFieldErrors({});
    setError(null);
    setNotice(t('evaluation.formSaved'));
    onChanged();
  };

  const backToDefault = async () => {
    setConfirmDefault(false);
    setError(null);
    const result = await resetToDefault();
    if (!result.ok) {
      setError(result.error.message);
      if (result.error.code === 'EVALUATION_HAS_ANSWERS') onChanged();
      return;
    }
    setDrafts(null);
    setNotice(t('evaluation.formDefaulted'));
    onChanged();
  };

  const fieldError = (index: number, field: string) => fieldErrors[`questions.${index}.${field}`];

  return (
    <div className="card" data-testid="evaluation-questions">
      <h2>{t('evaluation.formTitle')}</h2>
      <p>{form.source === 'default' ? t('evaluation.formDefault') : t('evaluation.formOwn')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {notice && <Notice kind="success">{notice}</Notice>}
      {locked && <Notice kind="info">{t('evaluation.formLocked')}</Notice>}

      {drafts && !locked ? (
        <form onSubmit={(e) => void submit(e)} aria-label={t('evaluation.formEditorTitle')} noValidate>
          {fieldErrors.questions && <Notice kind="error">{fieldErrors.questions}</Notice>}
          <ol className="question-editor">
            {drafts.map((d, i) => {
              const n = i + 1;
              const base = `eq-${d.id}`;
              return (
                <li key={d.id} className="question-editor__item">
                  <fieldset>
                    <legend>{t('evaluation.formQuestion', { n })}</legend>
                    <SelectField
                      id={`${base}-kind`}
                      label={t('evaluation.formKind', { n })}
                      value={d.kind}
                      onValue={(kind) => kind && update(i, { kind })}
                      options={KINDS.map((k) => ({ value: k, label: t(`evaluation.kinds.${k}`) }))}
                      error={fieldError(i, 'kind')}
                    />
                    <TextField
                      id={`${base}-nb`}
                      label={t('evaluation.formTextNb', { n })}
                      value={d.nb}
                      onValue={(nb) => update(i, { nb })}
                      aria-required
                      maxLength={300}
                      error={fieldError(i, 'text.nb')}
                    />
                    <TextField
                      id={`${base}-en`}
                      label={t('evaluation.formTextEn', { n })}
                      value={d.en}
                      onValue={(en) => update(i, { en })}
                      maxLength={300}
                      lang="en"
                      error={fieldError(i, 'text.en')}
                    />
                    <TextField
                      id={`${base}-nn`}
                      label={t('evaluation.formTextNn', { n })}
                      value={d.nn}
                      onValue={(nn) => update(i, { nn })}
                      maxLength={300}
                      lang="nn"
                      error={fieldError(i, 'text.nn')}
                    />
                    <div className="actions">
                      <button type="button" className="button" disabled={i === 0} onClick={() => move(i, -1)}>
                        {t('evaluation.formUp', { n })}
                      </button>
                      <button type="button" className="button" disabled={i === drafts.length - 1} onClick={() => move(i, 1)}>
                        {t('evaluation.formDown', { n })}
                      </button>
                      <button type="button" className="button button--ghost" onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>
                        {t('evaluation.formRemove', { n })}
                      </button>
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
          {drafts.length === 0 && <p className="muted">{t('evaluation.formEmpty')}</p>}
          <div className="actions">
            <button
              type="button"
              className="button"
              onClick={() => setDrafts([...drafts, { id: newQuestionId(drafts), kind: 'rating', nb: '', en: '', nn: '' }])}
            >
              {t('evaluation.formAdd')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy}>
              {t('evaluation.formSave')}
            </button>
            <button type="button" className="button button--ghost" onClick={() => setDrafts(null)}>
              {t('kiosk.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <ol className="question-list" aria-label={t('evaluation.formListLabel')}>
            {form.questions.map((q) => (
              <li key={q.id}>
                {questionText(q.text)} <span className="muted">({t(`evaluation.kinds.${q.kind}`)})</span>
              </li>
            ))}
          </ol>
          {!locked && mayEdit && (
            <div className="actions">
              <button type="button" className="button" onClick={start}>
                {form.source === 'default' ? t('evaluation.formMake') : t('evaluation.formEdit')}
              </button>
              {form.source === 'course' && mayReset && (
                <button type="button" className="button button--ghost" onClick={() => setConfirmDefault(true)}>
                  {t('evaluation.formUseDefault')}
                </button>
              )}
            </div>
          )}
        </>
      )}

      {confirmDefault && (
        <Dialog title={t('evaluation.formUseDefault')} onClose={() => setConfirmDefault(false)}>
          <p>{t('evaluation.formUseDefaultConfirm')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void backToDefault()}>
              {t('evaluation.formUseDefaultDo')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmDefault(false)}>
              {t('kiosk.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
