import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountsAddInput, passphrase as passphraseSchema, STAFF_ROLES } from '@contract/schemas';
import type { StaffAccount, StaffRole } from '@contract/types';
import { SelectField, TextField } from '../../components/fields';
import { issuesToErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useAccounts, useSession } from '../../stores';

type Message = { kind: 'success' | 'error'; text: string } | null;

/** Innstillinger → Brukere: coordinators list, add and remove accounts, reset passphrases, change roles, renew the recovery code. */
export function UsersPanel() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role);
  const accounts = useAccounts((s) => s.accounts);
  const listError = useAccounts((s) => s.error);
  const [message, setMessage] = useState<Message>(null);
  const [confirmRemove, setConfirmRemove] = useState<StaffAccount | null>(null);
  const [resetFor, setResetFor] = useState<StaffAccount | null>(null);
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);

  useEffect(() => {
    if (role === 'coordinator' || role === 'headOffice') void useAccounts.getState().load();
  }, [role]);

  if (role !== 'coordinator' && role !== 'headOffice') return null;

  const roleOptions = STAFF_ROLES.map((value) => ({ value, label: t(`users.roles.${value}`) }));

  const setRole = async (account: StaffAccount, next: StaffRole | '') => {
    if (next === '' || next === account.role) return;
    const result = await useAccounts.getState().setRole(account.id, next);
    setMessage(result.ok ? { kind: 'success', text: t('users.roleChanged') } : { kind: 'error', text: result.error.message });
    if (result.ok && account.isYou) useSession.getState().signIn({ ...useSession.getState().session!, role: result.value.role });
  };

  const remove = async (account: StaffAccount) => {
    setConfirmRemove(null);
    const result = await useAccounts.getState().remove(account.id);
    setMessage(result.ok ? { kind: 'success', text: t('users.removed') } : { kind: 'error', text: result.error.message });
  };

  const newRecoveryCode = async () => {
    const result = await useAccounts.getState().newRecoveryCode();
    if (result.ok) setRecoveryCode(result.value.recoveryCode);
    else setMessage({ kind: 'error', text: result.error.message });
  };

  return (
    <section className="card" aria-labelledby="users-title">
      <h2 id="users-title">{t('users.title')}</h2>
      <p className="hint">{t('users.intro')}</p>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {listError && <Notice kind="error">{listError}</Notice>}
      <table className="table" aria-labelledby="users-title">
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <td>
                <span dir="auto" className="person-name">
                  {account.name}
                </span>{' '}
                {account.isYou && t('users.you')}
              </td>
              <td>
                <SelectField<StaffRole>
                  id={`user-role-${account.id}`}
                  label={t('users.role')}
                  className="field--inline visually-hidden-label"
                  value={account.role}
                  onValue={(next) => void setRole(account, next)}
                  options={roleOptions}
                />
              </td>
              <td>
                <button type="button" className="button button--small" onClick={() => setResetFor(account)}>
                  {t('users.reset')}
                </button>{' '}
                {!account.isYou &&
                  (confirmRemove?.id === account.id ? (
                    <span role="group" aria-label={t('users.removeConfirm', { name: account.name })}>
                      {t('users.removeConfirm', { name: account.name })}{' '}
                      <button type="button" className="button button--small button--danger" onClick={() => void remove(account)}>
                        {t('users.remove')}
                      </button>{' '}
                      <button type="button" className="button button--small" onClick={() => setConfirmRemove(null)}>
                        {t('common.cancel')}
                      </button>
                    </span>
                  ) : (
                    <button type="button" className="button button--small" onClick={() => setConfirmRemove(account)}>
                      {t('users.remove')}
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {resetFor && (
        <ResetPassphrase
          key={resetFor.id}
          account={resetFor}
          onDone={(text) => {
            setResetFor(null);
            if (text) setMessage({ kind: 'success', text });
          }}
        />
      )}
      <AddUser
        roleOptions={roleOptions}
        onAdded={() => {
          setMessage({ kind: 'success', text: t('users.added') });
          return Promise.resolve();
        }}
      />
      <h3>{t('users.recoveryTitle')}</h3>
      <p className="hint">{t('users.recoveryIntro')}</p>
      {recoveryCode && (
        <>
          <p>{t('users.recoveryShown')}</p>
          <p className="recovery-code" data-testid="new-recovery-code">
            <code>{recoveryCode}</code>
          </p>
        </>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={() => void newRecoveryCode()}>
          {t('users.recoveryNew')}
        </button>
      </div>
    </section>
  );
}

function AddUser({ roleOptions, onAdded }: { roleOptions: { value: StaffRole; label: string }[]; onAdded: () => Promise<void> }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [name, setName] = useState('');
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
    const parsed = accountsAddInput.safeParse({ name, role, passphrase });
    const found = parsed.success ? {} : issuesToErrors(parsed.error.issues);
    if (passphrase !== repeat && !found.passphrase) found.repeat = t('validation.passphraseMismatch');
    setErrors(found);
    if (!parsed.success || found.repeat) {
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await useAccounts.getState().add(parsed.data);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? (result.error.code === 'ACCOUNT_NAME_TAKEN' ? { name: result.error.message } : {}));
      if (result.error.code !== 'ACCOUNT_NAME_TAKEN') setFormError(result.error.message);
      focusFirstInvalid();
      return;
    }
    setName('');
    setPassphrase('');
    setRepeat('');
    await onAdded();
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="users-add-title">
      <h3 id="users-add-title">{t('users.add')}</h3>
      {formError && <Notice kind="error">{formError}</Notice>}
      <TextField id="user-add-name" label={t('users.name')} value={name} onValue={edit(setName, 'name')} error={errors.name} autoComplete="off" />
      <SelectField<StaffRole> id="user-add-role" label={t('users.role')} value={role} onValue={setRole} error={errors.role} options={roleOptions} />
      <TextField
        id="user-add-passphrase"
        type="password"
        label={t('users.passphrase')}
        value={passphrase}
        onValue={edit(setPassphrase, 'passphrase', 'repeat')}
        error={errors.passphrase}
        autoComplete="new-password"
      />
      <TextField
        id="user-add-repeat"
        type="password"
        label={t('users.repeat')}
        value={repeat}
        onValue={edit(setRepeat, 'repeat')}
        error={errors.repeat}
        autoComplete="new-password"
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('users.adding') : t('users.add')}
        </button>
      </div>
    </form>
  );
}

function ResetPassphrase({ account, onDone }: { account: StaffAccount; onDone: (message: string | null) => void }) {
  const { t } = useTranslation();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = passphraseSchema.safeParse(passphrase);
    const found: Record<string, string> = parsed.success ? {} : { passphrase: issuesToErrors(parsed.error.issues)._ ?? t('validation.passphraseMismatch') };
    if (parsed.success && passphrase !== repeat) found.repeat = t('validation.passphraseMismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await useAccounts.getState().resetPassphrase(account.id, passphrase);
    setBusy(false);
    if (result.ok) onDone(t('users.resetDone'));
    else setErrors(result.error.fields ?? { passphrase: result.error.message });
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="users-reset-title">
      <h3 id="users-reset-title">{t('users.resetTitle', { name: account.name })}</h3>
      <TextField
        id="user-reset-passphrase"
        type="password"
        label={t('users.passphrase')}
        value={passphrase}
        onValue={edit(setPassphrase, 'passphrase', 'repeat')}
        error={errors.passphrase}
        autoComplete="new-password"
        autoFocus
      />
      <TextField
        id="user-reset-repeat"
        type="password"
        label={t('users.repeat')}
        value={repeat}
        onValue={edit(setRepeat, 'repeat')}
        error={errors.repeat}
        autoComplete="new-password"
      />
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {t('users.resetSave')}
        </button>
        <button type="button" className="button" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
