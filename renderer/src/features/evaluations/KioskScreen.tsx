import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvaluationQuestion, LocalText } from '@contract/evaluation-types';
import { OPEN_ANSWER_MAX, RATING_MAX, RATING_MIN } from '@contract/evaluation-schemas';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { leaveKiosk } from '../../session';
import { useKiosk } from './useKiosk';
import './evaluations.css';

type FormLanguage = keyof LocalText;
interface Answers {
  ratings: Record<string, number>;
  choices: Record<string, 'yes' | 'no'>;
  texts: Record<string, string>;
}
const EMPTY: Answers = { ratings: {}, choices: {}, texts: {} };
const THANKS_MS = 2000;
const LANGUAGE_NAMES: Record<FormLanguage, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

/**
 * The evaluation kiosk: one large page per participant, no navigation and
 * nothing of the course, a fresh form after each Send. The core owns the
 * kiosk (a reload comes back here, and it answers nothing else); this page
 * only offers no way out but the teacher's passphrase.
 */
export function KioskScreen() {
  const { t } = useTranslation();
  const { questions, loadError, submit: send } = useKiosk();
  const [language, setLanguage] = useState<FormLanguage>('nb');
  const [answers, setAnswers] = useState<Answers>(EMPTY);
  // One token per form shown: a double click on Send sends it twice, and the core keeps one answer.
  const [token, setToken] = useState(() => crypto.randomUUID());
  const [sending, setSending] = useState(false);
  const [thanks, setThanks] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [leaving, setLeaving] = useState(false);
  const topRef = useRef<HTMLHeadingElement>(null);
  // The chrome follows the participant's choice: English, or bokmål for bokmål and nynorsk.
  const lt = useCallback((key: string, options: Record<string, unknown> = {}) => t(key as never, { ...options, lng: language === 'en' ? 'en' : 'nb' }) as string, [t, language]);


  useNoWayOut();

  const fresh = () => {
    setAnswers(EMPTY);
    setToken(crypto.randomUUID());
    setThanks(false);
    setError(null);
    topRef.current?.focus();
  };

  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(fresh, THANKS_MS);
    return () => clearTimeout(timer);
  }, [thanks]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setError(null);
    const result = await send(token, answers);
    setSending(false);
    if (result.ok) {
      setThanks(true);
      return;
    }
    const fields = result.error.fields ? Object.values(result.error.fields) : [];
    setError(fields[0] ?? result.error.message);
  };

  const textOf = (q: EvaluationQuestion) => q.text[language] ?? q.text.nb;
  const languages = (['nb', 'nn', 'en'] as const).filter((l) => questions?.every((q) => q.text[l]) ?? l === 'nb');

  return (
    <main className="kiosk" lang={language === 'en' ? 'en' : language === 'nn' ? 'nn' : 'nb'} data-testid="kiosk">
      <div className="kiosk__bar">
        {languages.length > 1 && (
          <div className="kiosk__languages" role="group" aria-label={lt('kiosk.language')}>
            {languages.map((l) => (
              <button key={l} type="button" className="button" aria-pressed={language === l} onClick={() => setLanguage(l)}>
                {LANGUAGE_NAMES[l]}
              </button>
            ))}
          </div>
        )}
      </div>
      {thanks ? (
        <div className="kiosk__thanks" role="status">
          <h1>{lt('kiosk.thanks')}</h1>
          <p>{lt('kiosk.thanksNext')}</p>
        </div>
      ) : (
        <form className="kiosk__form" onSubmit={(e) => void submit(e)} noValidate>
          <h1 ref={topRef} tabIndex={-1}>
            {lt('kiosk.title')}
          </h1>
          <p className="kiosk__intro">{lt('kiosk.intro')}</p>
          {questions?.map((q, index) => (
            <fieldset key={`${token}-${q.id}`} className="kiosk__question">
              <legend>
                <span className="kiosk__number">{index + 1}.</span> {textOf(q)}
              </legend>
              {q.kind === 'rating' && (
                <>
                  <div className="kiosk__scale">
                    {Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => i + RATING_MIN).map((n) => (
                      <label key={n} className="kiosk__choice">
                        <input
                          type="radio"
                          name={q.id}
                          value={n}
                          checked={answers.ratings[q.id] === n}
                          onChange={() => setAnswers((a) => ({ ...a, ratings: { ...a.ratings, [q.id]: n } }))}
                        />
                        <span>{n}</span>
                      </label>
                    ))}
                  </div>
                  <p className="kiosk__scale-labels" aria-hidden="true">
                    <span>1 = {lt('kiosk.scaleLow')}</span>
                    <span>5 = {lt('kiosk.scaleHigh')}</span>
                  </p>
                </>
              )}
              {q.kind === 'yesno' && (
                <div className="kiosk__scale">
                  {(['yes', 'no'] as const).map((value) => (
                    <label key={value} className="kiosk__choice kiosk__choice--wide">
                      <input
                        type="radio"
                        name={q.id}
                        value={value}
                        checked={answers.choices[q.id] === value}
                        onChange={() => setAnswers((a) => ({ ...a, choices: { ...a.choices, [q.id]: value } }))}
                      />
                      <span>{lt(`kiosk.${value}`)}</span>
                    </label>
                  ))}
                </div>
              )}
              {q.kind === 'open' && (
                <textarea
                  className="kiosk__text"
                  rows={3}
                  maxLength={OPEN_ANSWER_MAX}
                  aria-label={textOf(q)}
                  placeholder={lt('kiosk.typeAnswer')}
                  value={answers.texts[q.id] ?? ''}
                  onChange={(e) => {
                    const text = e.target.value;
                    setAnswers((a) => ({ ...a, texts: { ...a.texts, [q.id]: text } }));
                  }}
                />
              )}
            </fieldset>
          ))}
          {(error ?? loadError) && <Notice kind="error">{error ?? loadError}</Notice>}
          <button type="submit" className="button button--primary kiosk__send" disabled={sending || !questions}>
            {sending ? lt('kiosk.sending') : lt('kiosk.send')}
          </button>
        </form>
      )}
      <button type="button" className="link kiosk__leave" onClick={() => setLeaving(true)}>
        {lt('kiosk.leave')}
      </button>
      {leaving && <LeaveDialog onClose={() => setLeaving(false)} />}
    </main>
  );
}

/** The teacher's way out: their passphrase, checked (and throttled) by the core. */
function LeaveDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await leaveKiosk(passphrase);
    setBusy(false);
    setPassphrase('');
    if (!result.ok) setError(result.error.fields ? t('kiosk.passphrase') : result.error.message);
  };
  return (
    <Dialog title={t('kiosk.leaveTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <p>{t('kiosk.leaveIntro')}</p>
        <div className="field">
          <label className="field__label" htmlFor="kiosk-passphrase">
            {t('kiosk.passphrase')}
          </label>
          <input
            id="kiosk-passphrase"
            className="field__control"
            type="password"
            autoComplete="off"
            data-autofocus
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        </div>
        {error && <Notice kind="error">{error}</Notice>}
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy || passphrase === ''}>
            {t('kiosk.leaveDo')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('kiosk.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * No way out from the page itself: back navigation is undone (a history entry
 * is pushed again), and the browser's reload, history and developer shortcuts
 * do nothing. A reload that happens anyway lands in the kiosk again (the core
 * says so); the Electron wiring blocks the same shortcuts in the window.
 */
function useNoWayOut() {
  useEffect(() => {
    history.pushState({ kiosk: true }, '', location.href);
    const onPop = () => history.pushState({ kiosk: true }, '', location.href);
    const onKey = (event: KeyboardEvent) => {
      const key = event.key.toLowerCase();
      const ctrl = event.ctrlKey || event.metaKey;
      const blocked =
        key === 'f5' ||
        key === 'f12' ||
        key === 'browserback' ||
        key === 'browserforward' ||
        (ctrl && (key === 'r' || key === 'w' || key === 'l' || key === 'p')) ||
        (ctrl && event.shiftKey && (key === 'i' || key === 'j' || key === 'c')) ||
        (event.altKey && (key === 'arrowleft' || key === 'arrowright' || key === 'home'));
      if (blocked) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('popstate', onPop);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('popstate', onPop);
      window.removeEventListener('keydown', onKey, true);
    };
  }, []);
}
