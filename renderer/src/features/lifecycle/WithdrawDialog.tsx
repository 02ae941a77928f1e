import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate, parseNorwegianDate } from '@contract/formats';
import { participantWithdrawInput, WITHDRAWAL_REASONS } from '@contract/privacy-schemas';
import type { WithdrawalReason } from '@contract/privacy-schemas';
import type { Course, ParticipantDetail } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { DateField, SelectField } from '../../components/fields';
import { issuesToErrors, useFieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { useLifecycle } from '../../stores';
import { todayInOslo } from './format';

/**
 * Withdraws the participant from the course: the first day they no longer
 * attend, and why, as a category (free text about a person is data about them).
 */
export function WithdrawDialog({
  course,
  detail,
  onDone,
  onClose,
}: {
  course: Course;
  detail: ParticipantDetail;
  onDone: (detail: ParticipantDetail) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const today = todayInOslo();
  // Today, when the course is running; otherwise the user picks a day inside it.
  const suggested = detail.enrollment.withdrawnOn ?? (today >= course.startDate && today <= course.endDate ? today : null);
  const [date, setDate] = useState(suggested ? formatNorwegianDate(suggested) : '');
  const [reason, setReason] = useState<WithdrawalReason | ''>(detail.enrollment.withdrawalReason ?? '');
  const { errors, setErrors, edit } = useFieldErrors();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setError(null);
    const input = {
      courseId: course.id,
      participantId: detail.participantId,
      date: parseNorwegianDate(date) ?? date.trim(),
      reason: reason === '' ? undefined : reason,
    };
    const parsed = participantWithdrawInput.safeParse(input);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return;
    }
    setBusy(true);
    const result = await useLifecycle.getState().withdraw(parsed.data.date, parsed.data.reason);
    setBusy(false);
    if (result.ok) {
      onDone(result.value);
      return;
    }
    setErrors(result.error.fields ?? {});
    setError(result.error.message);
  };

  return (
    <Dialog title={t('lifecycle.withdrawTitle')} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <p>{t('lifecycle.withdrawIntro')}</p>
        {error && <Notice kind="error">{error}</Notice>}
        <DateField
          id="withdraw-date"
          label={t('lifecycle.withdrawDate')}
          value={date}
          onValue={edit(setDate, 'date')}
          error={errors.date}
          autoComplete="off"
          data-autofocus
        />
        <SelectField<WithdrawalReason>
          id="withdraw-reason"
          label={t('lifecycle.withdrawReason')}
          value={reason}
          onValue={edit(setReason, 'reason')}
          error={errors.reason}
          placeholder={t('common.choose')}
          options={WITHDRAWAL_REASONS.map((value) => ({ value, label: t(`lifecycle.reasons.${value}`) }))}
        />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('lifecycle.withdrawConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
