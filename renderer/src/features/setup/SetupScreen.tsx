import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@contract/messages';
import { vaultCreateInput } from '@contract/schemas';
import type { CreatedVault } from '@contract/types';
import { CheckboxField, SelectField, TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { currentLanguage, setLanguage } from '../../i18n';
import { createVault, finishSetup } from '../../session';
import { StrengthMeter } from './StrengthMeter';

/** First start: the first account (a coordinator) and its passphrase, then the recovery code, shown once. */
export function SetupScreen() {
  const [created, setCreated] = useState<CreatedVault | null>(null);
  return created ? <RecoveryCodeStep created={created} /> : <CreateForm onCreated={setCreated} />;
}

/** The recovery code, shown this once: the app opens only after the person confirms it is written down. */
function RecoveryCodeStep({ created }: { created: CreatedVault }) {
  const { t } = useTranslation();
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const proceed = async () => {
    if (!confirmed || busy) return;
    setBusy(true);
    await finishSetup(created);
  };
  return (
    <main className="centered">
      <section className="card card--narrow" aria-labelledby="recovery-title">
        <h1 id="recovery-title">{t('setup.recoveryTitle')}</h1>
        <p className="lead">{t('setup.recoveryIntro')}</p>
        <p className="recovery-code" data-testid="recovery-code" aria-label={t('setup.recoveryTitle')}>
          <code>{created.recoveryCode}</code>
        </p>
        <CheckboxField id="setup-recovery-confirm" label={t('setup.recoveryConfirm')} checked={confirmed} onChecked={setConfirmed} />
        <div className="actions">
          <button type="button" className="button button--primary" disabled={!confirmed || busy} onClick={() => void proceed()}>
            {t('setup.continue')}
          </button>
        </div>
      </section>
    </main>
  );
}

function CreateForm({ onCreated }: { onCreated: (created: CreatedVault) => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const strengthId = useId();
  const [language, setLanguageChoice] = useState<Language>(currentLanguage);
  const [staffName, setStaffName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const input = { staffName, passphrase };
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
    if (result.ok) {
      onCreated(result.value);
      return;
    }
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
        <p className="hint">{t('setup.firstIsCoordinator')}</p>
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
