import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { vaultUnlockInput } from '@contract/schemas';
import { Notice } from '../../components/Notice';
import { issuesToErrors } from '../../components/forms';
import { unlock } from '../../session';
import { useSession } from '../../stores';

/** Shown on every start and after every lock. A wrong passphrase leaves the field focused and selected for another try. */
export function UnlockScreen() {
  const { t } = useTranslation();
  const lockReason = useSession((s) => s.lockReason);
  const inputRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const retry = (message: string) => {
    setError(message);
    inputRef.current?.focus();
    inputRef.current?.select();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = vaultUnlockInput.safeParse({ passphrase });
    if (!parsed.success) {
      retry(issuesToErrors(parsed.error.issues).passphrase ?? t('common.formHasErrors'));
      return;
    }
    setBusy(true);
    const result = await unlock(parsed.data);
    setBusy(false);
    if (result.ok) return;
    retry(result.error.fields?.passphrase ?? result.error.message);
  };

  const notice = lockReason === 'idle' ? t('unlock.idleNotice') : lockReason === 'manual' || lockReason === 'remote' ? t('unlock.lockedNotice') : null;

  return (
    <main className="centered">
      <form className="card card--narrow" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="unlock-title">
        <h1 id="unlock-title">{t('unlock.title')}</h1>
        {notice && !error && <Notice kind="info">{notice}</Notice>}
        <p className="lead">{t('unlock.intro')}</p>
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
            autoFocus
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
        </div>
      </form>
    </main>
  );
}
