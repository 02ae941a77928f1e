import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import { Notice } from '../../components/Notice';
import { useCourseList, useNav } from '../../stores';

export function CourseList() {
  const { t } = useTranslation();
  const { items, error } = useCourseList();
  const go = useNav((s) => s.go);

  return (
    <section aria-labelledby="courses-title">
      <div className="page-head">
        <h1 id="courses-title">{t('courses.title')}</h1>
        <button type="button" className="button button--primary" onClick={() => go({ name: 'courseNew' })}>
          {t('courses.new')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {items === null && !error && (
        <p className="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      )}
      {items?.length === 0 && (
        <div className="empty">
          <h2>{t('courses.empty')}</h2>
          <p className="muted">{t('courses.emptyHint')}</p>
          <button type="button" className="button" onClick={() => go({ name: 'courseNew' })}>
            {t('courses.createFirst')}
          </button>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table table--clickable">
          <thead>
            <tr>
              <th scope="col">{t('courses.columns.name')}</th>
              <th scope="col">{t('courses.columns.type')}</th>
              <th scope="col">{t('courses.columns.place')}</th>
              <th scope="col">{t('courses.columns.period')}</th>
              <th scope="col">{t('courses.columns.status')}</th>
              <th scope="col" className="num">
                {t('courses.columns.participants')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((course) => (
              <tr key={course.id} onClick={() => go({ name: 'course', courseId: course.id })}>
                <td>
                  <button type="button" className="link" onClick={(e) => {
                      // The row handles mouse clicks; this button gives keyboard users the same way in.
                      e.stopPropagation();
                      go({ name: 'course', courseId: course.id });
                    }}>
                    {course.name}
                  </button>
                </td>
                <td>
                  {t(`courseType.${course.type}`)}
                  {course.funderName && <span className="muted"> · {course.funderName}</span>}
                </td>
                <td>{course.place}</td>
                <td className="nowrap">
                  {formatNorwegianDate(course.startDate)} – {formatNorwegianDate(course.endDate)}
                </td>
                <td>
                  <span className={`badge badge--${course.status}`}>{t(`courseStatus.${course.status}`)}</span>
                </td>
                <td className="num">{course.participantCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
