import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { ParticipantDetail } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { useCourse, useLifecycle, useNav } from '../../stores';
import { can } from '../../can';
import { MergeDialog } from './MergeDialog';
import { RequestForm } from './RequestForm';
import { RequestTable } from './RequestTable';
import { WithdrawDialog } from './WithdrawDialog';
import './lifecycle.css';

type Open = 'withdraw' | 'remove' | 'merge' | null;

/**
 * The person's life on this course and their requests: withdraw (or undo it),
 * remove a registration made in error, merge with another record of the same
 * person, and record and answer requests with their deadlines.
 */
export function LifecyclePanel({ courseId, participantId }: { courseId: string; participantId: string }) {
  const { t } = useTranslation();
  const { course } = useCourse(courseId);
  const detail = useLifecycle((s) => (s.participantId === participantId ? s.detail : null));
  const requests = useLifecycle((s) => (s.participantId === participantId ? s.requests : null));
  const loadError = useLifecycle((s) => (s.participantId === participantId ? s.error : null));
  const [dialog, setDialog] = useState<Open>(null);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useLifecycle.getState().open(courseId, participantId);
  }, [courseId, participantId]);

  if (loadError && !detail) return <Notice kind="error">{loadError}</Notice>;
  if (!detail || !course) return null;

  const withdrawn = detail.enrollment.withdrawnOn;

  const reinstate = async () => {
    if (busy) return;
    setBusy(true);
    const result = await useLifecycle.getState().reinstate();
    setBusy(false);
    setNotice(result.ok ? { kind: 'success', text: t('lifecycle.reinstated') } : { kind: 'error', text: result.error.message });
  };

  const remove = async () => {
    if (busy) return;
    setBusy(true);
    const result = await useLifecycle.getState().removeRegistration();
    setBusy(false);
    setDialog(null);
    if (!result.ok) {
      setNotice({ kind: 'error', text: result.error.message });
      return;
    }
    useNav.getState().go({ name: 'course', courseId }, result.value.personErased ? t('lifecycle.removedErased') : t('lifecycle.removed'));
  };

  return (
    <>
      <section className="card lifecycle" aria-labelledby="lifecycle-course-title">
        <h3 id="lifecycle-course-title">{t('lifecycle.courseTitle')}</h3>
        {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
        {detail.restricted && <Notice kind="warning">{t('lifecycle.restricted')}</Notice>}
        {withdrawn ? (
          <>
            <p className="lifecycle__status strong">
              {t('lifecycle.withdrawnStatus', {
                date: formatNorwegianDate(withdrawn),
                reason: detail.enrollment.withdrawalReason ? t(`lifecycle.reasons.${detail.enrollment.withdrawalReason}`) : '–',
              })}
            </p>
            <p className="muted small">{t('lifecycle.withdrawnHint')}</p>
          </>
        ) : (
          <p className="lifecycle__status">{t('lifecycle.enrolled')}</p>
        )}
        <div className="actions">
          <button type="button" className="button" onClick={() => setDialog('withdraw')}>
            {withdrawn ? t('lifecycle.changeWithdrawal') : t('lifecycle.withdraw')}
          </button>
          {withdrawn && (
            <button type="button" className="button" disabled={busy} onClick={() => void reinstate()}>
              {t('lifecycle.reinstate')}
            </button>
          )}
          {can('participants:merge') && (
            <button type="button" className="button" onClick={() => setDialog('merge')}>
              {t('lifecycle.merge')}
            </button>
          )}
          <button type="button" className="button button--ghost" onClick={() => setDialog('remove')}>
            {t('lifecycle.remove')}
          </button>
        </div>
      </section>

{can('requests:list') && (
      <section className="card lifecycle" aria-labelledby="person-requests-title">
        <h3 id="person-requests-title">{t('requests.personTitle')}</h3>
        {requests === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : requests.length === 0 ? (
          <p className="muted">{t('requests.personNone')}</p>
        ) : (
          <RequestTable requests={requests} showPerson={false} onResolve={(id, status, note) => useLifecycle.getState().resolveRequest(id, status, note)} />
        )}
        <RequestForm />
      </section>
)}

      {dialog === 'withdraw' && (
        <WithdrawDialog
          course={course}
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={(saved: ParticipantDetail) => {
            setDialog(null);
            setNotice({ kind: 'success', text: t('lifecycle.withdrawn', { date: formatNorwegianDate(saved.enrollment.withdrawnOn ?? '') }) });
          }}
        />
      )}
      {dialog === 'remove' && (
        <Dialog title={t('lifecycle.removeTitle')} onClose={() => setDialog(null)}>
          <p>{t('lifecycle.removeIntro')}</p>
          <p>{t('lifecycle.removeLastCourse')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void remove()}>
              {t('lifecycle.removeConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setDialog(null)} data-autofocus>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      {dialog === 'merge' && (
        <MergeDialog
          onClose={() => setDialog(null)}
          onDone={(result) => {
            setDialog(null);
            setNotice({
              kind: 'success',
              text: result.conflicts.length > 0 ? t('lifecycle.mergedConflicts', { count: result.conflicts.length }) : t('lifecycle.merged'),
            });
          }}
        />
      )}
    </>
  );
}
