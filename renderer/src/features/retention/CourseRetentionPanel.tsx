import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { Course } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { useNav, useRetention } from '../../stores';
import { StatisticsList } from './StatisticsList';

/** Whole days from one ISO date to another. */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * On the course page: the retention rule and where the course stands (running,
 * waiting for the funder's approval, due on a date, due now, erased with the
 * figures that stay), and deleting the course. A course with attendance or
 * certificates is never deleted plainly: the core refuses, and this goes to
 * the erasure preview for the course instead.
 */
export function CourseRetentionPanel({ course }: { course: Course }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const { retention } = course;
  const statistics = useRetention((s) => s.statistics[course.id]);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const erased = retention.state === 'erased';

  useEffect(() => {
    if (erased) void useRetention.getState().loadStatistics(course.id);
  }, [course.id, erased]);

  const date = (iso: string | null) => (iso ? formatNorwegianDate(iso.slice(0, 10)) : '');
  const rule =
    retention.rule === 'afterApproval'
      ? t('retention.ruleAfterApproval')
      : t('retention.ruleAfterEnd', { days: retention.dueOn ? daysBetween(course.endDate, retention.dueOn) : 30 });
  const state = (() => {
    switch (retention.state) {
      case 'active':
        return retention.rule === 'afterApproval' ? t('retention.activeAfterApproval') : t('retention.activeAfterEnd', { date: date(retention.dueOn) });
      case 'waitingForApproval':
        return t('retention.waitingForApproval');
      case 'scheduled':
        return t('retention.scheduled', { date: date(retention.dueOn) });
      case 'due':
        return t('retention.due', { date: date(retention.dueOn) });
      case 'erased':
        return t('retention.erased', { date: date(retention.erasedAt) });
    }
  })();

  const remove = async () => {
    setDeleting(true);
    setError(null);
    const result = await useRetention.getState().deleteCourse(course.id);
    setDeleting(false);
    setConfirming(false);
    if (result.ok) go({ name: 'courses' }, t('retention.deleted'));
    // Attendance or certificates: only the erasure may delete it, which keeps figures and the register.
    else if (result.error.code === 'COURSE_HAS_RECORDS') go({ name: 'deletion', courseId: course.id, force: true });
    else setError(result.error.message);
  };

  return (
    <section className="card retention" aria-labelledby="retention-title">
      <h2 id="retention-title" className="facts__heading">
        {t('retention.title')}
      </h2>
      <p className="muted">{rule}</p>
      <p className="retention__state" data-state={retention.state}>
        {state}
      </p>
      {erased && statistics && (
        <>
          <h3 className="facts__heading">{t('retention.statisticsTitle')}</h3>
          <StatisticsList statistics={statistics} />
        </>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <div className="actions">
        {retention.state === 'waitingForApproval' && (
          <button type="button" className="button button--primary" onClick={() => go({ name: 'courseEdit', courseId: course.id })}>
            {t('retention.recordApproval')}
          </button>
        )}
        {retention.state === 'due' && (
          <button type="button" className="button button--primary" onClick={() => go({ name: 'deletion', courseId: course.id })}>
            {t('retention.goToDeletion')}
          </button>
        )}
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          {t('retention.deleteCourse')}
        </button>
      </div>
      {confirming && (
        <Dialog title={t('retention.deleteTitle')} onClose={() => !deleting && setConfirming(false)}>
          <p>
            <strong dir="auto">{course.name}</strong>
          </p>
          <p>{t('retention.deleteIntro')}</p>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={deleting} aria-busy={deleting} onClick={() => void remove()}>
              {deleting ? t('retention.deleting') : t('retention.deleteConfirm')}
            </button>
            <button type="button" className="button" disabled={deleting} onClick={() => setConfirming(false)} data-autofocus>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
