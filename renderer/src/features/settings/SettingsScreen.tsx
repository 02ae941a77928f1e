import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '@contract/messages';
import { settingsUpdateInput, vaultChangePassphraseInput } from '@contract/schemas';
import { SelectField, TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { changePassphrase, saveSettings } from '../../session';
import { useSession } from '../../stores';
import { can } from '../../can';
import { ProviderSettingsLink } from '../provider/ProviderScreen';
import { GraceDaysSettings } from '../retention/GraceDaysSettings';
import { StrengthMeter } from '../setup/StrengthMeter';
import { UsersPanel } from './UsersPanel';

export function SettingsScreen() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="settings-title">
      <div className="page-head">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </div>
      <div className="stack">
        <GeneralSettings />
        {can('provider:update') && <ProviderSettingsLink />}
        {can('retention:due') && <GraceDaysSettings />}
        <ChangePassphrase />
        <UsersPanel />
      </div>
    </section>
  );
}

function GeneralSettings() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [language, setLanguageChoice] = useState<Language | ''>(session?.language ?? 'nb');
  const [minutes, setMinutes] = useState(String(session?.idleLockMinutes ?? 10));
  const { errors, setErrors, edit } = useFieldErrors();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    const trimmed = minutes.trim();
    const parsed = settingsUpdateInput.safeParse({
      language: language === '' ? undefined : language,
      idleLockMinutes: trimmed === '' ? Number.NaN : Number(trimmed),
    });
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setErrors({});
    setBusy(true);
    const result = await saveSettings(parsed.data);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setMessage({ kind: 'error', text: result.error.message });
      focusFirstInvalid();
      return;
    }
    // Said in the language just chosen.
    setMessage({ kind: 'success', text: t('settings.saved', { lng: result.value.language }) });
  };

  return (
    <form ref={formRef} className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="settings-general">
      <h2 id="settings-general">{t('settings.general')}</h2>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <SelectField<Language>
        id="settings-language"
        className="field--narrow"
        label={t('settings.language')}
        value={language}
        onValue={setLanguageChoice}
        error={errors.language}
        options={[
          { value: 'nb', label: t('settings.languages.nb') },
          { value: 'en', label: t('settings.languages.en') },
        ]}
      />
      <TextField
        id="settings-idle"
        className="field--narrow"
        type="number"
        min={1}
        max={120}
        step={1}
        inputMode="numeric"
        label={t('settings.idleLock')}
        value={minutes}
        onValue={edit(setMinutes, 'idleLockMinutes')}
        error={errors.idleLockMinutes}
        hint={t('settings.idleLockHint')}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : t('settings.save')}
        </button>
      </div>
    </form>
  );
}

function ChangePassphrase() {
  const { t } = useTranslation();
  const staffName = useSession((s) => s.session?.staffName ?? '');
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    const parsed = vaultChangePassphraseInput.safeParse({ current, next });
    const found = parsed.success ? {} : issuesToErrors(parsed.error.issues);
    if (next !== repeat && !found.next) found.repeat = t('validation.passphraseMismatch');
    setErrors(found);
    if (!parsed.success || found.repeat) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await changePassphrase(parsed.data);
    setBusy(false);
    if (!result.ok) {
      // A wrong current passphrase belongs next to that field.
      setErrors(result.error.code === 'WRONG_PASSPHRASE' ? { current: result.error.message } : (result.error.fields ?? {}));
      setMessage({ kind: 'error', text: result.error.message });
      focusFirstInvalid();
      return;
    }
    setCurrent('');
    setNext('');
    setRepeat('');
    setMessage({ kind: 'success', text: t('settings.changed') });
  };

  return (
    <form ref={formRef} className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="settings-passphrase">
      <h2 id="settings-passphrase">{t('settings.passphraseTitle')}</h2>
      <p className="muted">{t('settings.passphraseIntro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <TextField
        id="settings-current"
        className="field--narrow"
        type="password"
        autoComplete="current-password"
        label={t('settings.current')}
        value={current}
        onValue={edit(setCurrent, 'current')}
        error={errors.current}
      />
      <TextField
        id="settings-next"
        className="field--narrow"
        type="password"
        autoComplete="new-password"
        label={t('settings.next')}
        value={next}
        onValue={edit(setNext, 'next', 'repeat')}
        error={errors.next}
        hint={t('setup.passphraseHint')}
      />
      <div className="field--narrow">
        <StrengthMeter id="settings-strength" passphrase={next} userInputs={[staffName, 'neo', 'kurs']} />
      </div>
      <TextField
        id="settings-repeat"
        className="field--narrow"
        type="password"
        autoComplete="new-password"
        label={t('settings.repeat')}
        value={repeat}
        onValue={edit(setRepeat, 'repeat')}
        error={errors.repeat}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : t('settings.change')}
        </button>
      </div>
    </form>
  );
}
