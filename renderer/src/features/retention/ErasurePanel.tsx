import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErasureCheck } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { CheckboxField, TextAreaField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { useNav, useRetention } from '../../stores';

/** The reasons the contract takes (single line, up to 500 characters). */
const MAX_REASON = 500;

type Step = { kind: 'closed' } | { kind: 'review'; check: ErasureCheck } | { kind: 'confirm'; check: ErasureCheck };

/**
 * Erase everything about the person, on their request. The first step shows
 * what keeps them (an active Kompetansepluss course: an explicit override
 * with a reason, which is not kept), consent, a running certificate batch
 * (wait for it or cancel it) and the certificates that stay verifiable; the
 * second asks once more. Afterwards the course page opens with a notice.
 */
export function ErasurePanel({ courseId, participantId }: { courseId: string; participantId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [step, setStep] = useState<Step>({ kind: 'closed' });
  const [checking, setChecking] = useState(false);
  const [erasing, setErasing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [batch, setBatch] = useState<'wait' | 'cancel'>('wait');

  const start = async () => {
    setChecking(true);
    setError(null);
    const answer = await useRetention.getState().erasureCheck(participantId);
    setChecking(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    setOverride(false);
    setReason('');
    setReasonError(undefined);
    setBatch('wait');
    setStep({ kind: 'review', check: answer.value });
  };

  const close = () => {
    if (!erasing) setStep({ kind: 'closed' });
  };

  const next = (event: FormEvent) => {
    event.preventDefault();
    if (step.kind !== 'review') return;
    if (step.check.blockers.length > 0) {
      if (!override) return;
      if (reason.trim() === '') {
        setReasonError(t('common.reasonRequired'));
        return;
      }
    }
    setStep({ kind: 'confirm', check: step.check });
  };

  const erase = async () => {
    if (step.kind !== 'confirm') return;
    const { check } = step;
    setErasing(true);
    setError(null);
    const answer = await useRetention.getState().erase({
      participantId,
      confirmed: true,
      ...(check.blockers.length > 0 ? { overrideReason: reason.trim() } : {}),
      ...(check.openRequestIds[0] ? { requestId: check.openRequestIds[0] } : {}),
      ...(check.certificateBatchRunning ? { batch } : {}),
    });
    setErasing(false);
    if (!answer.ok) {
      setError(answer.error.message);
      setReasonError(answer.error.fields?.overrideReason);
      setStep({ kind: 'review', check });
      return;
    }
    const kept = answer.value.certificatesKept;
    go({ name: 'course', courseId }, kept > 0 ? t('erasure.erasedWithCertificates', { count: kept }) : t('erasure.erased'));
  };

  const name = (check: ErasureCheck) => <PersonName firstName={check.person.firstName} lastName={check.person.lastName} order="firstLast" />;

  return (
    <section className="card erasure" aria-labelledby="erasure-title">
      <h3 id="erasure-title" className="facts__heading">
        {t('erasure.title')}
      </h3>
      <p className="muted">{t('erasure.intro')}</p>
      {error && step.kind === 'closed' && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        <button type="button" className="button button--danger" disabled={checking} aria-busy={checking} onClick={() => void start()}>
          {checking ? t('erasure.checking') : t('erasure.start')}
        </button>
      </div>

      {step.kind === 'review' && (
        <Dialog
          title={withName(t('erasure.dialogTitle', { name: NAME_SLOT }), name(step.check))}
          onClose={close}
        >
          <form onSubmit={next} noValidate>
            {error && <Notice kind="error">{error}</Notice>}
            {step.check.courses.length === 0 ? (
              <p>{t('erasure.noCourses')}</p>
            ) : (
              <>
                <p>{t('erasure.courses')}</p>
                <ul>
                  {step.check.courses.map((c) => (
                    <li key={c.id} dir="auto">
                      {c.name}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {step.check.blockers.length > 0 && (
              <>
                <Notice kind="warning">{t('erasure.blocked', { courses: step.check.blockers.map((b) => b.name).join(', ') })}</Notice>
                <CheckboxField id="erasure-override" label={t('erasure.override')} checked={override} onChecked={setOverride} />
                {override && (
                  <TextAreaField
                    id="erasure-reason"
                    label={t('erasure.overrideReason')}
                    hint={t('erasure.overrideReasonHint')}
                    value={reason}
                    onValue={(value) => {
                      setReason(value.replace(/\s*\n\s*/g, ' '));
                      setReasonError(undefined);
                    }}
                    error={reasonError}
                    maxLength={MAX_REASON}
                    rows={2}
                  />
                )}
              </>
            )}
            {step.check.consent && <Notice kind="info">{t('erasure.consent')}</Notice>}
            {step.check.certificateBatchRunning && (
              <fieldset className="fieldset">
                <legend>{t('erasure.batchRunning')}</legend>
                {(['wait', 'cancel'] as const).map((choice) => (
                  <div key={choice} className="field field--checkbox">
                    <div className="field__checkrow">
                      <input id={`erasure-batch-${choice}`} type="radio" name="erasure-batch" checked={batch === choice} onChange={() => setBatch(choice)} />
                      <label htmlFor={`erasure-batch-${choice}`} className="field__label">
                        {choice === 'wait' ? t('erasure.batchWait') : t('erasure.batchCancel')}
                      </label>
                    </div>
                  </div>
                ))}
              </fieldset>
            )}
            {step.check.certificates > 0 && <p>{t('erasure.certificates', { count: step.check.certificates })}</p>}
            {step.check.openRequestIds.length > 0 && <p>{t('erasure.request')}</p>}
            <div className="actions">
              <button type="submit" className="button button--danger" disabled={step.check.blockers.length > 0 && !override}>
                {t('erasure.next')}
              </button>
              <button type="button" className="button" onClick={close} data-autofocus>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </Dialog>
      )}

      {step.kind === 'confirm' && (
        <Dialog title={t('erasure.confirmTitle')} onClose={close}>
          <p>{withName(t('erasure.confirmText', { name: NAME_SLOT }), name(step.check))}</p>
          {erasing && (
            <p role="status" aria-busy="true">
              {step.check.certificateBatchRunning && batch === 'wait' ? t('erasure.waiting') : t('erasure.erasing')}
            </p>
          )}
          <div className="actions">
            <button type="button" className="button button--danger" disabled={erasing} aria-busy={erasing} onClick={() => void erase()}>
              {erasing ? t('erasure.erasing') : t('erasure.confirm')}
            </button>
            <button type="button" className="button" disabled={erasing} onClick={close} data-autofocus>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
