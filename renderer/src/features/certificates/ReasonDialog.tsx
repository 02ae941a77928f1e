import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { TextAreaField } from '../../components/fields';

/** The reasons the core records with a certificate; the contract allows up to 500 characters. */
const MAX_REASON = 500;

/**
 * Asks for a written reason before a choice that needs one: issuing to
 * someone who does not meet the requirement, or replacing a valid certificate.
 */
export function ReasonDialog({
  id,
  title,
  intro,
  label,
  confirm,
  initialReason,
  onConfirm,
  onClose,
}: {
  id: string;
  title: string;
  intro: string;
  label: string;
  confirm: string;
  initialReason: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState(initialReason);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    if (trimmed === '') {
      setError(t('certificates.reasonRequired'));
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
