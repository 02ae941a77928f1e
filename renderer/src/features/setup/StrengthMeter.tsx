import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StrengthScore } from './strength';

type Scorer = (passphrase: string, userInputs: string[]) => StrengthScore;

const MIN_LENGTH = 12;

/** A live strength hint: a five-step bar and a sentence, updated as the passphrase is typed. */
export function StrengthMeter({ id, passphrase, userInputs }: { id: string; passphrase: string; userInputs: string[] }) {
  const { t } = useTranslation();
  const [scorer, setScorer] = useState<Scorer | null>(null);
  const wanted = passphrase.length > 0;

  useEffect(() => {
    if (!wanted || scorer) return;
    let alive = true;
    void import('./strength').then((m) => {
      if (alive) setScorer(() => m.scorePassphrase);
    });
    return () => {
      alive = false;
    };
  }, [wanted, scorer]);

  const inputsKey = userInputs.join('\u0000');
  const score = useMemo<StrengthScore | null>(() => {
    if (!scorer || passphrase.length === 0) return null;
    const raw = scorer(passphrase, inputsKey.split('\u0000').filter(Boolean));
    // Below the minimum length the app refuses it anyway: never call it more than weak.
    return passphrase.length < MIN_LENGTH ? (Math.min(raw, 1) as StrengthScore) : raw;
  }, [scorer, passphrase, inputsKey]);

  let text: string;
  if (passphrase.length === 0) text = t('setup.strength.empty');
  else if (score === null) text = t('setup.strength.checking');
  else if (passphrase.length < MIN_LENGTH) text = t('setup.strength.tooShort', { count: passphrase.length });
  else text = t(`setup.strength.s${score}`);

  return (
    <div className="strength">
      <div
        className={`strength__bar strength__bar--s${score ?? 'none'}`}
        role="meter"
        aria-label={t('setup.strengthLabel')}
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score ?? 0}
        aria-valuetext={text}
      >
        {[0, 1, 2, 3, 4].map((step) => (
          <span key={step} className={score !== null && step <= score ? 'strength__step strength__step--on' : 'strength__step'} />
        ))}
      </div>
      <p id={id} className="strength__text" aria-live="polite">
        {text}
      </p>
    </div>
  );
}
