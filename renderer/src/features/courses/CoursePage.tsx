import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMobile, formatNorwegianDate } from '@contract/formats';
import { registersEmployer } from '@contract/schemas';
import type { Course } from '@contract/types';
import { Notice } from '../../components/Notice';
import { useCourse, useNav, useParticipants, useSessions } from '../../stores';
import { formatHours } from '../attendance/format';
import { PersonName } from '../../components/PersonName';
import { CourseRetentionPanel } from '../retention/CourseRetentionPanel';
import { ParticipantMarkers } from '../lifecycle/Markers';
import { useCan } from '../../can';
import { CourseTeachersPanel } from './CourseTeachersPanel';
import { CourseAttendancePanel } from '../absence/CourseAttendancePanel';
import { FunderReportsPanel } from '../reports/FunderReportsPanel';

/** How long typing may pause before the list is asked again: short enough to feel instant. */
const SEARCH_DEBOUNCE_MS = 150;

export function CoursePage({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const { course, error } = useCourse(courseId);
  const certificates = useCan('certificates:eligibility');
  const retention = useCan('retention:statistics');
  const teachers = useCan('courses:teachers');
  const reports = useCan('reports:grant');

  useEffect(() => {
    useParticipants.getState().open(courseId);
  }, [courseId]);

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!course) return <p className="muted">{t('common.loading')}</p>;

  return (
    <section aria-labelledby="course-title">
      <p className="crumbs">
        <button type="button" className="link" onClick={() => go({ name: 'courses' })}>
          ← {t('course.backToList')}
        </button>
      </p>
      <div className="page-head">
        <div>
          <h1 id="course-title">{course.name}</h1>
          <p className="muted">
            {t(`courseType.${course.type}`)} · {course.place} · <span className={`badge badge--${course.status}`}>{t(`courseStatus.${course.status}`)}</span>
          </p>
        </div>
        <div className="actions actions--top">
          <button type="button" className="button" onClick={() => go({ name: 'sessions', courseId })}>
            {t('course.sessions')}
          </button>
          <button type="button" className="button" onClick={() => void useSessions.getState().openTodaysRollCall(courseId)}>
            {t('course.rollCall')}
          </button>
          <button type="button" className="button" onClick={() => go({ name: 'attendanceOverview', courseId })}>
            {t('course.attendanceOverview')}
          </button>
          {certificates && (
            <button type="button" className="button" onClick={() => go({ name: 'certificates', courseId })}>
              {t('certificates.open')}
            </button>
          )}
          <button type="button" className="button" onClick={() => go({ name: 'evaluation', courseId })}>
            {t('evaluation.open')}
          </button>
          <button type="button" className="button" onClick={() => go({ name: 'courseEdit', courseId })}>
            {t('course.edit')}
          </button>
        </div>
      </div>
      <CourseFacts course={course} />
      <CourseAttendancePanel courseId={courseId} />
      {teachers && <CourseTeachersPanel courseId={courseId} />}
      {retention && <CourseRetentionPanel course={course} />}
      {reports && <FunderReportsPanel course={course} />}
      <ParticipantList course={course} />
    </section>
  );
}

function CourseFacts({ course }: { course: Course }) {
  const { t } = useTranslation();
  return (
    <section className="card facts" aria-label={t('course.facts')}>
      <dl className="facts__list">
        <div>
          <dt>{t('course.period')}</dt>
          <dd>
            {formatNorwegianDate(course.startDate)} – {formatNorwegianDate(course.endDate)}
          </dd>
        </div>
        <div>
          <dt>{t('course.hours')}</dt>
          <dd>{t('course.hoursValue', { hours: formatHours(course.plannedHours) })}</dd>
        </div>
        <div>
          <dt>{t('course.requiredAttendance')}</dt>
          <dd>{t('course.requiredAttendanceValue', { percent: course.requiredAttendancePercent })}</dd>
        </div>
        <div>
          <dt>{t('courseForm.teacher')}</dt>
          <dd>{course.teacher}</dd>
        </div>
        <div>
          <dt>{t('course.funder')}</dt>
          <dd>{course.funderName ?? t('course.notGiven')}</dd>
        </div>
        <div>
          <dt>{t('course.funderReference')}</dt>
          <dd>{course.funderReference ?? t('course.notGiven')}</dd>
        </div>
        {course.type === 'kompetansepluss' && (
          <div>
            <dt>{t('course.financialReport')}</dt>
            <dd>
              {course.financialReportApprovedAt
                ? t('course.financialReportApproved', { date: formatNorwegianDate(course.financialReportApprovedAt) })
                : t('course.financialReportPending')}
            </dd>
          </div>
        )}
      </dl>
      {course.description && (
        <>
          <h2 className="facts__heading">{t('courseForm.description')}</h2>
          <p className="prewrap">{course.description}</p>
        </>
      )}
      {course.learningGoals && (
        <>
          <h2 className="facts__heading">{t('courseForm.learningGoals')}</h2>
          <p className="prewrap">{course.learningGoals}</p>
        </>
      )}
    </section>
  );
}

function ParticipantList({ course }: { course: Course }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const query = useParticipants((s) => s.query);
  const items = useParticipants((s) => s.items);
  const loading = useParticipants((s) => s.loading);
  const listError = useParticipants((s) => s.error);
  // Employers sign up their staff for Kompetansepluss and employer-paid courses only (the core refuses the others too).
  const canImport = useCan('import:apply') && registersEmployer(course.type);

  // Ask again after every pause in typing; the store drops answers to older queries.
  useEffect(() => {
    const timer = setTimeout(() => void useParticipants.getState().fetch(), query === '' ? 0 : SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [course.id, query]);

  const total = course.participantCount;
  const count = items?.length ?? 0;
  const countText = query.trim() ? t('course.filteredCount', { count, total }) : t('course.count', { count });
  const open = (participantId: string) => go({ name: 'participantEdit', courseId: course.id, participantId });

  return (
    <section className="participants" aria-labelledby="participants-title">
      <div className="page-head">
        <h2 id="participants-title">{t('course.participants')}</h2>
        <div className="actions">
          {canImport && (
            <button type="button" className="button" onClick={() => go({ name: 'participantImport', courseId: course.id })}>
              {t('participantImport.open')}
            </button>
          )}
          <button type="button" className="button button--primary" onClick={() => go({ name: 'participantNew', courseId: course.id })}>
            {t('course.register')}
          </button>
        </div>
      </div>
      <div className="toolbar">
        <div className="field field--inline">
          <label htmlFor="participant-filter" className="field__label">
            {t('course.searchLabel')}
          </label>
          <input
            id="participant-filter"
            className="field__control"
            type="search"
            value={query}
            placeholder={t('course.searchPlaceholder')}
            onChange={(e) => useParticipants.getState().setQuery(e.target.value)}
            aria-controls="participant-table"
          />
        </div>
        <p className="muted count" role="status" aria-live="polite" aria-busy={loading}>
          {items === null ? t('common.loading') : countText}
        </p>
      </div>
      {listError && <Notice kind="error">{listError}</Notice>}
      {items?.length === 0 && <p className="empty empty--small">{query.trim() ? t('course.noMatches') : t('course.noParticipants')}</p>}
      {items && items.length > 0 && (
        <table id="participant-table" className="table table--clickable">
          <thead>
            <tr>
              <th scope="col">{t('course.columns.name')}</th>
              <th scope="col">{t('course.columns.birthDate')}</th>
              <th scope="col">{t('course.columns.contact')}</th>
              <th scope="col">{t('course.columns.source')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr key={p.participantId} onClick={() => open(p.participantId)}>
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={(e) => {
                      e.stopPropagation();
                      open(p.participantId);
                    }}
                  >
                    <PersonName firstName={p.firstName} lastName={p.lastName} />
                  </button>
                  <ParticipantMarkers withdrawnOn={p.withdrawnOn} restricted={p.restricted} />
                </td>
                <td className="nowrap">{formatNorwegianDate(p.birthDate)}</td>
                <td>
                  {[p.mobile ? formatMobile(p.mobile) : null, p.email].filter(Boolean).join(' · ')}
                </td>
                <td>
                  {t(`source.${p.source}`)}
                  {p.employerName && (
                    <>
                      {' · '}
                      <bdi>{p.employerName}</bdi>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
