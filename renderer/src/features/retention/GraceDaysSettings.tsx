import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsUpdateInput } from '@contract/schemas';
import { TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useRetention } from '../../stores';

/** In the settings: how many days after an open course ends its personal data is kept (so certificates can be issued first). */
export function GraceDaysSettings() {
  const { t } = useTranslation();
  const stored = useRetention((s) => s.graceDays);
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [days, setDays] = useState<string | null>(null);
  const { errors, setErrors, edit } = useFieldErrors();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useRetention.getState().loadGraceDays();
  }, []);

  const value = days ?? (stored === null ? '' : String(stored));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setMessage(null);
    const trimmed = value.trim();
    const parsed = settingsUpdateInput.safeParse({ retentionGraceDays: trimmed === '' ? Number.NaN : Number(trimmed) });
    if (!parsed.success || parsed.data.retentionGraceDays === undefined) {
      setErrors(parsed.success ? {} : issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await useRetention.getState().saveGraceDays(parsed.data.retentionGraceDays);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? {});
      setMessage({ kind: 'error', text: result.error.message });
      return;
    }
    setDays(null);
    setMessage({ kind: 'success', text: t('retentionSettings.saved') });
  };

  return (
    <form ref={formRef} className="card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="settings-retention">
      <h2 id="settings-retention">{t('retentionSettings.title')}</h2>
      <p className="muted">{t('retentionSettings.intro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <TextField
        id="settings-grace-days"
        className="field--narrow"
        type="number"
        min={0}
        max={365}
        step={1}
        inputMode="numeric"
        label={t('retentionSettings.graceDays')}
        hint={t('retentionSettings.graceDaysHint')}
        value={value}
        onValue={edit((next: string) => setDays(next), 'retentionGraceDays')}
        error={errors.retentionGraceDays}
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy || stored === null}>
          {busy ? t('common.saving') : t('retentionSettings.save')}
        </button>
      </div>
    </form>
  );
}
