import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';
import { TextAreaField } from './fields';

/** The reasons the core records (with a certificate, a cancelled session …); the contract allows up to 500 characters. */
const MAX_REASON = 500;

/**
 * Asks for a written reason before a choice that needs one: issuing a
 * certificate to someone who does not meet the requirement, replacing a valid
 * certificate, cancelling a session whose list is signed off.
 */
export function ReasonDialog({
  id,
  title,
  intro,
  label,
  confirm,
  initialReason,
  error: givenError,
  onConfirm,
  onClose,
}: {
  id: string;
  title: string;
  /** The question in words; may hold an isolated name (PersonName). */
  intro: ReactNode;
  label: string;
  confirm: string;
  initialReason: string;
  /** A refusal from the core to show at the field. */
  error?: string | undefined;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState(initialReason);
  const [error, setError] = useState<string | undefined>(givenError);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === '') {
      setError(t('common.reasonRequired'));
      return;
    }
    onConfirm(trimmed);
  };

  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>{intro}</p>
        <TextAreaField
          id={id}
          label={label}
          value={reason}
          onValue={(value) => {
            setReason(value);
            setError(undefined);
          }}
          error={error}
          maxLength={MAX_REASON}
          data-autofocus
        />
        <div className="actions">
          <button type="submit" className="button button--primary">
            {confirm}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
