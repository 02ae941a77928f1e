import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate, parseNorwegianDate } from '@contract/formats';
import { certificateVerifyHolderInput } from '@contract/privacy-schemas';
import { DateField, TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useVerification } from '../certificates/useVerification';

/**
 * For a certificate whose holder's personal data is erased: the verifier types
 * the name and birth date printed on the paper and learns whether they match
 * what was issued (a salted hash in the register); the names are never shown.
 */
export function HolderCheck({ code }: { code: string }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const { errors, setErrors, edit } = useFieldErrors();
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [matches, setMatches] = useState<boolean | null>(null);
  const { verifyHolder } = useVerification();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setMatches(null);
    const input = { code, firstName, lastName, birthDate: parseNorwegianDate(birthDate) ?? birthDate.trim() };
    const parsed = certificateVerifyHolderInput.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const answer = await verifyHolder(input);
    setBusy(false);
    if (answer.ok) setMatches(answer.value.matches);
    else {
      setErrors(answer.error.fields ?? {});
      setError(answer.error.message);
    }
  };

  return (
    <form ref={formRef} className="card holder-check" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="holder-check-title">
      <h2 id="holder-check-title">{t('verifyErased.holderTitle')}</h2>
      <p className="muted">{t('verifyErased.holderIntro')}</p>
      <div className="holder-check__row">
        <TextField id="holder-first-name" label={t('verifyErased.firstName')} value={firstName} onValue={edit(setFirstName, 'firstName')} error={errors.firstName} autoComplete="off" />
        <TextField id="holder-last-name" label={t('verifyErased.lastName')} value={lastName} onValue={edit(setLastName, 'lastName')} error={errors.lastName} autoComplete="off" />
        <DateField
          id="holder-birth-date"
          className="field--narrow"
          label={t('verifyErased.birthDate')}
          value={birthDate}
          onValue={edit(setBirthDate, 'birthDate')}
          onBlur={() => {
            const iso = parseNorwegianDate(birthDate);
            if (iso) setBirthDate(formatNorwegianDate(iso));
          }}
          error={errors.birthDate}
          autoComplete="off"
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
          {busy ? t('verifyErased.checkingHolder') : t('verifyErased.check')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {matches === true && <Notice kind="success">{t('verifyErased.matches')}</Notice>}
      {matches === false && <Notice kind="warning">{t('verifyErased.noMatch')}</Notice>}
    </form>
  );
}
