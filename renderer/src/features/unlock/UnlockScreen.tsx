import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { vaultRecoverInput, vaultUnlockInput } from '@contract/schemas';
import { TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { recover, unlock } from '../../session';
import { useSession } from '../../stores';

/**
 * Shown on every start and after every lock: who you are and your passphrase.
 * The name is typed each time (vault.json may not hold names in the clear).
 * A wrong passphrase leaves the passphrase field focused and selected for another try.
 */
export function UnlockScreen() {
  const [recovering, setRecovering] = useState(false);
  return recovering ? <RecoverForm onCancel={() => setRecovering(false)} /> : <UnlockForm onRecover={() => setRecovering(true)} />;
}

function UnlockForm({ onRecover }: { onRecover: () => void }) {
  const { t } = useTranslation();
  const lockReason = useSession((s) => s.lockReason);
  const nameRef = useRef<HTMLInputElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const retry = (message: string) => {
    setError(message);
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setNameError(null);
    if (!name.trim()) {
      setNameError(t('validation.nameRequired'));
      nameRef.current?.focus();
      return;
    }
    const parsed = vaultUnlockInput.safeParse({ name, passphrase });
    if (!parsed.success) {
      retry(issuesToErrors(parsed.error.issues).passphrase ?? t('common.formHasErrors'));
      return;
    }
    setBusy(true);
    const result = await unlock(parsed.data);
    setBusy(false);
    if (result.ok) return;
    // The same words whether the name is unknown or the passphrase wrong: the screen must not tell which.
    retry(result.error.code === 'WRONG_PASSPHRASE' ? t('unlock.wrong') : (result.error.fields?.passphrase ?? result.error.fields?.name ?? result.error.message));
  };

  const notice = lockReason === 'idle' ? t('unlock.idleNotice') : lockReason === 'manual' || lockReason === 'remote' ? t('unlock.lockedNotice') : null;

  return (
    <main className="centered">
      <form className="card card--narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t('unlock.title')}</h1>
        {notice && !error && <Notice kind="info">{notice}</Notice>}
        <p className="lead">{t('unlock.intro')}</p>
        <div className={nameError ? 'field field--invalid' : 'field'}>
          <label htmlFor="unlock-name" className="field__label">
            {t('unlock.name')}
          </label>
          <input
            ref={nameRef}
            id="unlock-name"
            className="field__control"
            type="text"
            autoComplete="username"
            autoFocus
            value={name}
            readOnly={busy}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'unlock-name-error' : undefined}
          />
          {nameError && (
            <p id="unlock-name-error" className="field__error" role="alert">
              {nameError}
            </p>
          )}
        </div>
        <div className={error ? 'field field--invalid' : 'field'}>
          <label htmlFor="unlock-passphrase" className="field__label">
            {t('unlock.passphrase')}
          </label>
          <input
            ref={inputRef}
            id="unlock-passphrase"
            className="field__control"
            type="password"
            autoComplete="current-password"
            value={passphrase}
            readOnly={busy}
            onChange={(e) => setPassphrase(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'unlock-error' : undefined}
          />
          {error && (
            <p id="unlock-error" className="field__error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('unlock.unlocking') : t('unlock.submit')}
          </button>
          <button type="button" className="button button--ghost" onClick={onRecover}>
            {t('unlock.useRecoveryCode')}
          </button>
        </div>
      </form>
    </main>
  );
}

/** With the recovery code from setup, a coordinator gets in and sets a new passphrase. */
function RecoverForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [code, setCode] = useState('');
  const [accountName, setAccountName] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const parsed = vaultRecoverInput.safeParse({ code, newPassphrase, ...(accountName.trim() ? { accountName } : {}) });
    const found = parsed.success ? {} : issuesToErrors(parsed.error.issues);
    if (newPassphrase !== repeat && !found.newPassphrase) found.repeat = t('validation.passphraseMismatch');
    setErrors(found);
    if (!parsed.success || found.repeat) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await recover(parsed.data);
    setBusy(false);
    if (result.ok) return;
    setErrors(result.error.fields ?? {});
    setFormError(result.error.code === 'WRONG_PASSPHRASE' ? t('unlock.recoveryWrong') : result.error.message);
    focusFirstInvalid();
  };

  return (
    <main className="centered">
      <form ref={formRef} className="card card--narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="recover-title">
        <h1 id="recover-title">{t('unlock.recoverTitle')}</h1>
        <p className="lead">{t('unlock.recoverIntro')}</p>
        {formError && <Notice kind="error">{formError}</Notice>}
        <TextField id="recover-code" label={t('unlock.recoveryCode')} value={code} onValue={edit(setCode, 'code')} error={errors.code} autoComplete="off" autoFocus />
        <TextField
          id="recover-name"
          label={t('unlock.recoverName')}
          hint={t('unlock.recoverNameHint')}
          value={accountName}
          onValue={edit(setAccountName, 'accountName')}
          error={errors.accountName}
          autoComplete="username"
        />
        <TextField
          id="recover-passphrase"
          type="password"
          label={t('unlock.newPassphrase')}
          value={newPassphrase}
          onValue={edit(setNewPassphrase, 'newPassphrase', 'repeat')}
          error={errors.newPassphrase}
          autoComplete="new-password"
        />
        <TextField
          id="recover-repeat"
          type="password"
          label={t('unlock.repeatPassphrase')}
          value={repeat}
          onValue={edit(setRepeat, 'repeat')}
          error={errors.repeat}
          autoComplete="new-password"
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('unlock.unlocking') : t('unlock.recoverSubmit')}
          </button>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </main>
  );
}
