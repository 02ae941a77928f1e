import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@contract/messages';
import { vaultCreateInput } from '@contract/schemas';
import type { StaffRole } from '@contract/types';
import { SelectField, TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { currentLanguage, setLanguage } from '../../i18n';
import { createVault } from '../../session';
import { StrengthMeter } from './StrengthMeter';

/** First start: who uses this machine and the passphrase that wraps the database key. */
export function SetupScreen() {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const strengthId = useId();
  const [language, setLanguageChoice] = useState<Language>(currentLanguage);
  const [staffName, setStaffName] = useState('');
  const [role, setRole] = useState<StaffRole | ''>('teacher');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const input = { staffName, role, passphrase };
    const parsed = vaultCreateInput.safeParse(input);
    const found = parsed.success ? {} : issuesToErrors(parsed.error.issues);
    if (passphrase !== repeat && !found.passphrase) found.repeat = t('validation.passphraseMismatch');
    setErrors(found);
    if (!parsed.success || found.repeat) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await createVault(parsed.data, language);
    setBusy(false);
    if (result.ok) return;
    setErrors(result.error.fields ?? {});
    setFormError(result.error.message);
    focusFirstInvalid();
  };

  // The whole screen switches at once, so the rest of the setup is read in the chosen language.
  const chooseLanguage = (next: Language | '') => {
    if (next === '') return;
    setLanguageChoice(next);
    setLanguage(next);
  };

  return (
    <main className="centered">
      <form ref={formRef} className="card card--narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="lead">{t('setup.intro')}</p>
        {formError && <Notice kind="error">{formError}</Notice>}
        <SelectField<Language>
          id="setup-language"
          label={t('setup.language')}
          value={language}
          onValue={chooseLanguage}
          options={[
            { value: 'nb', label: t('settings.languages.nb') },
            { value: 'en', label: t('settings.languages.en') },
          ]}
        />
        <TextField
          id="setup-name"
          label={t('setup.staffName')}
          value={staffName}
          onValue={edit(setStaffName, 'staffName')}
          error={errors.staffName}
          autoComplete="name"
          autoFocus
        />
        <SelectField<StaffRole>
          id="setup-role"
          label={t('setup.role')}
          value={role}
          onValue={setRole}
          error={errors.role}
          options={[
            { value: 'teacher', label: t('setup.roles.teacher') },
            { value: 'coordinator', label: t('setup.roles.coordinator') },
          ]}
        />
        <TextField
          id="setup-passphrase"
          type="password"
          label={t('setup.passphrase')}
          value={passphrase}
          onValue={edit(setPassphrase, 'passphrase', 'repeat')}
          error={errors.passphrase}
          hint={t('setup.passphraseHint')}
          autoComplete="new-password"
        />
        <StrengthMeter id={strengthId} passphrase={passphrase} userInputs={[staffName, 'neo', 'kurs']} />
        <TextField
          id="setup-repeat"
          type="password"
          label={t('setup.repeat')}
          value={repeat}
          onValue={edit(setRepeat, 'repeat')}
          error={errors.repeat}
          autoComplete="new-password"
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('setup.creating') : t('setup.submit')}
          </button>
        </div>
      </form>
    </main>
  );
}
