import { useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Envelope } from '@contract/envelope';
import type { EvaluationQuestion, EvaluationSubmitted } from '@contract/evaluation-types';
import { OPEN_ANSWER_MAX } from '@contract/evaluation-schemas';
import { Notice } from '../../components/Notice';
import { questionText } from './EvaluationScreen';

interface Sheet {
  ratings: Record<string, number>;
  choices: Record<string, 'yes' | 'no'>;
  texts: Record<string, string>;
}
const EMPTY: Sheet = { ratings: {}, choices: {}, texts: {} };

/**
 * Paper sheets typed in, one at a time, by keyboard: a digit 1–5 fills a
 * rating and moves on, J/Y or N a yes/no, Enter goes to the next field, and
 * Enter in the last one saves the sheet and starts the next from the top.
 */
export function PaperEntry({
  questions,
  enter,
  onSaved,
  onDone,
}: {
  questions: EvaluationQuestion[];
  enter: (input: { token: string; answers: Sheet }) => Promise<Envelope<EvaluationSubmitted>>;
  /** After each stored sheet: the results beside the form follow. */
  onSaved: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [sheet, setSheet] = useState<Sheet>(EMPTY);
  const [token, setToken] = useState(() => crypto.randomUUID());
  const [saved, setSaved] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const fields = useRef<(HTMLInputElement | HTMLTextAreaElement | null)[]>([]);

  const focus = (index: number) => fields.current[index]?.focus();

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const result = await enter({ token, answers: sheet });
    if (!result.ok) {
      const fieldErrors = result.error.fields ? Object.values(result.error.fields) : [];
      setError(fieldErrors[0] ?? result.error.message);
      return;
    }
    setError(null);
    if (result.value.stored) {
      setSaved((n) => n + 1);
      onSaved();
    }
    setSheet(EMPTY);
    setToken(crypto.randomUUID());
    focus(0);
  };

  const onKey = (index: number, q: EvaluationQuestion) => (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !(q.kind === 'open' && event.shiftKey)) {
      event.preventDefault();
      if (index === questions.length - 1) void save();
      else focus(index + 1);
      return;
    }
    if (q.kind === 'rating' && /^[1-5]$/.test(event.key)) {
      event.preventDefault();
      const n = Number(event.key);
      setSheet((s) => ({ ...s, ratings: { ...s.ratings, [q.id]: n } }));
      if (index < questions.length - 1) focus(index + 1);
      return;
    }
    if (q.kind === 'yesno' && /^[jynJYN]$/.test(event.key)) {
      event.preventDefault();
      const value = /^[nN]$/.test(event.key) ? 'no' : 'yes';
      setSheet((s) => ({ ...s, choices: { ...s.choices, [q.id]: value } }));
      if (index < questions.length - 1) focus(index + 1);
      return;
    }
    if ((q.kind === 'rating' || q.kind === 'yesno') && (event.key === 'Backspace' || event.key === 'Delete')) {
      event.preventDefault();
      setSheet((s) => {
        const { [q.id]: _r, ...ratings } = s.ratings;
        const { [q.id]: _c, ...choices } = s.choices;
        return { ...s, ratings, choices };
      });
    }
  };

  const shown = (q: EvaluationQuestion) =>
    q.kind === 'rating' ? String(sheet.ratings[q.id] ?? '') : q.kind === 'yesno' ? (sheet.choices[q.id] ? t(`evaluation.${sheet.choices[q.id]!}`) : '') : '';

  return (
    <form className="paper-entry" onSubmit={(e) => void save(e)} data-testid="paper-entry">
      <p className="muted">{t('evaluation.paperHelp')}</p>
      <div className="paper-entry__grid">
        {questions.map((q, index) => (
          <div key={`${token}-${q.id}`} style={{ display: 'contents' }}>
            <label htmlFor={`paper-${q.id}`}>
              {index + 1}. {questionText(q.text)}
            </label>
            {q.kind === 'open' ? (
              <textarea
                id={`paper-${q.id}`}
                ref={(el) => {
                  fields.current[index] = el;
                }}
                className="field__control paper-entry__text"
                rows={1}
                maxLength={OPEN_ANSWER_MAX}
                value={sheet.texts[q.id] ?? ''}
                onKeyDown={onKey(index, q)}
                onChange={(e) => {
                  const text = e.target.value;
                  setSheet((s) => ({ ...s, texts: { ...s.texts, [q.id]: text } }));
                }}
              />
            ) : (
              <input
                id={`paper-${q.id}`}
                ref={(el) => {
                  fields.current[index] = el;
                }}
                className="field__control paper-entry__input"
                inputMode={q.kind === 'rating' ? 'numeric' : 'text'}
                autoComplete="off"
                autoFocus={index === 0}
                value={shown(q)}
                onKeyDown={onKey(index, q)}
                onChange={() => {}}
              />
            )}
          </div>
        ))}
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {saved > 0 && <Notice kind="success">{t('evaluation.paperSaved', { count: saved })}</Notice>}
      <div className="actions">
        <button type="submit" className="button button--primary">
          {t('evaluation.paperSave')}
        </button>
        <button type="button" className="button" onClick={onDone}>
          {t('evaluation.paperDone')}
        </button>
      </div>
    </form>
  );
}
