import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Notice } from '../../components/Notice';
import { useCourseTeachers } from '../../stores';

/**
 * "Lærere": the teacher accounts that teach this course, for a coordinator
 * to add and remove. A teacher sees and works on their own courses only.
 */
export function CourseTeachersPanel({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const teachers = useCourseTeachers((s) => (s.courseId === courseId ? s.teachers : null));
  const error = useCourseTeachers((s) => (s.courseId === courseId ? s.error : null));
  const busy = useCourseTeachers((s) => s.busy);
  const [chosen, setChosen] = useState('');

  useEffect(() => {
    void useCourseTeachers.getState().open(courseId);
  }, [courseId]);

  const change = async (action: 'assign' | 'unassign', accountId: string) => {
    if (await useCourseTeachers.getState().change(action, accountId)) setChosen('');
  };

  return (
    <section className="card" aria-labelledby="course-teachers-title">
      <h2 id="course-teachers-title">{t('courseTeachers.title')}</h2>
      <p className="muted">{t('courseTeachers.intro')}</p>
      {error && <Notice kind="error">{error}</Notice>}
      {!teachers ? (
        !error && <p className="muted">{t('common.loading')}</p>
      ) : (
        <>
          {teachers.assigned.length === 0 ? (
            <p>{t('courseTeachers.none')}</p>
          ) : (
            <ul className="list" aria-label={t('courseTeachers.title')}>
              {teachers.assigned.map((teacher) => (
                <li key={teacher.accountId} className="list__row">
                  <span dir="auto" className="person-name">
                    {teacher.name ?? t('courseTeachers.removedAccount')}
                  </span>{' '}
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    disabled={busy}
                    aria-label={t('courseTeachers.removeNamed', { name: teacher.name ?? t('courseTeachers.removedAccount') })}
                    onClick={() => void change('unassign', teacher.accountId)}
                  >
                    {t('courseTeachers.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {teachers.candidates.length === 0 ? (
            <p className="muted">{t('courseTeachers.noCandidates')}</p>
          ) : (
            <div className="actions actions--inline">
              <label className="field">
                <span className="field__label">{t('courseTeachers.add')}</span>
                <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
                  <option value="">{t('courseTeachers.choose')}</option>
                  {teachers.candidates.map((c) => (
                    <option key={c.accountId} value={c.accountId}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="button" disabled={busy || !chosen} onClick={() => void change('assign', chosen)}>
                {t('courseTeachers.assign')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
