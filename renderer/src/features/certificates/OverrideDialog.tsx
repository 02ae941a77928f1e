import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CertificateEligibilityRow } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { TextAreaField } from '../../components/fields';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';

/** The reason the core records with the certificate; the contract allows up to 500 characters. */
const MAX_REASON = 500;

/** Asks for the written reason needed to select a participant who does not meet the requirement. */
export function OverrideDialog({
  row,
  initialReason,
  onConfirm,
  onClose,
}: {
  row: CertificateEligibilityRow;
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
      setError(t('certificates.overrideRequired'));
      return;
    }
    onConfirm(trimmed);
  };

  return (
    <Dialog title={t('certificates.overrideTitle')} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <p>
          {withName(
            t('certificates.overrideIntro', { name: NAME_SLOT, reason: row.reason }),
            <PersonName firstName={row.firstName} lastName={row.lastName} order="firstLast" />,
          )}
        </p>
        <TextAreaField
          id="certificate-override-reason"
          label={t('certificates.overrideReason')}
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
            {t('certificates.overrideConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
