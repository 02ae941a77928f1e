import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { DeletionPreview, DeletionRunResult, DueCourse } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { useNav, useRetention } from '../../stores';
import { formatTimestamp } from '../../format';
import { formatHours } from '../attendance/format';
import { PrivacyTabs } from '../privacy/PrivacyTabs';
import { StatisticsList } from './StatisticsList';

/**
 * Sletting: the courses whose personal data is due, how many people go and
 * stay in each, a preview of exactly what goes and what stays, and the run
 * (confirmed, then one transaction in the core). Opened for one course (from
 * its page, or when deleting a course that has records), it shows that
 * course's preview, forced if the course is not due.
 */
export function DeletionScreen({ courseId, force = false }: { courseId?: string | undefined; force?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="deletion-title">
      <div className="page-head">
        <h1 id="deletion-title">{t('privacy.tabs.deletion')}</h1>
      </div>
      <PrivacyTabs current="deletion" />
      <p className="muted deletion__intro">{t('deletion.intro')}</p>
      {courseId ? <OneCourse courseId={courseId} force={force} /> : <DueCourses />}
    </section>
  );
}

/** Runs the deletion after a confirmation, showing progress while the core works. */
function useRun() {
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (courseIds: string[], force: boolean) => {
    setRunning(true);
    setError(null);
    const result = await useRetention.getState().run(courseIds, force);
    setRunning(false);
    setConfirming(null);
    if (!result.ok) setError(result.error.message);
    return result.ok;
  };
  return { confirming, setConfirming, running, error, run };
}

function DueCourses() {
  const { t } = useTranslation();
  const due = useRetention((s) => s.due);
  const dueError = useRetention((s) => s.dueError);
  const lastRun = useRetention((s) => s.lastRun);
  const [selected, setSelected] = useState<Set<string> | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const { confirming, setConfirming, running, error, run } = useRun();

  useEffect(() => {
    void useRetention.getState().loadDue();
  }, []);

  // Everything due is selected until the user says otherwise.
  const chosen = selected ?? new Set(due?.map((c) => c.courseId) ?? []);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const chosenCourses = due?.filter((c) => chosen.has(c.courseId)) ?? [];
  const people = chosenCourses.reduce((sum, c) => sum + c.erase, 0);

  return (
    <>
      {lastRun && <RunResult result={lastRun} />}
      {dueError && <Notice kind="error">{dueError}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      <h2 className="deletion__title">{t('deletion.dueTitle')}</h2>
      {due === null && !dueError && <p className="muted">{t('deletion.loading')}</p>}
      {due?.length === 0 && (
        <div className="empty empty--small">
          <p>{t('deletion.none')}</p>
          <p className="muted">{t('deletion.noneHint')}</p>
        </div>
      )}
      {due && due.length > 0 && (
        <>
          <table className="table" aria-labelledby="deletion-title">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('deletion.columns.select')}</span>
                </th>
                <th scope="col">{t('deletion.columns.course')}</th>
                <th scope="col">{t('deletion.columns.type')}</th>
                <th scope="col">{t('deletion.columns.ended')}</th>
                <th scope="col">{t('deletion.columns.dueOn')}</th>
                <th scope="col" className="num">
                  {t('deletion.columns.erase')}
                </th>
                <th scope="col" className="num">
                  {t('deletion.columns.keptForConsent')}
                </th>
                <th scope="col" className="num">
                  {t('deletion.columns.keptForOtherCourse')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('deletion.columns.preview')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {due.map((c) => (
                <DueRow key={c.courseId} course={c} checked={chosen.has(c.courseId)} onToggle={() => toggle(c.courseId)} open={open === c.courseId} onOpen={() => setOpen(open === c.courseId ? null : c.courseId)} />
              ))}
            </tbody>
          </table>
          {open && <PreviewPanel courseId={open} force={false} />}
          <div className="actions">
            <button type="button" className="button button--danger" disabled={chosenCourses.length === 0 || running} onClick={() => setConfirming(chosenCourses.map((c) => c.courseId))}>
              {t('deletion.runSelected', { count: chosenCourses.length })}
            </button>
          </div>
        </>
      )}
      {confirming && (
        <ConfirmRun
          courses={confirming.length}
          people={people}
          running={running}
          onConfirm={() => void run(confirming, false).then((ok) => ok && (setSelected(null), setOpen(null)))}
          onClose={() => setConfirming(null)}
        />
      )}
    </>
  );
}

function DueRow({ course: c, checked, onToggle, open, onOpen }: { course: DueCourse; checked: boolean; onToggle: () => void; open: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  const checkboxId = `due-${c.courseId}`;
  return (
    <tr>
      <td>
        <input id={checkboxId} type="checkbox" checked={checked} onChange={onToggle} aria-label={t('deletion.selectCourse', { name: c.name })} />
      </td>
      <td>
        <label htmlFor={checkboxId} dir="auto">
          {c.name}
        </label>
      </td>
      <td>{t(`courseType.${c.type}`)}</td>
      <td className="nowrap">{formatNorwegianDate(c.endDate)}</td>
      <td className="nowrap">{formatNorwegianDate(c.dueOn)}</td>
      <td className="num">{c.erase}</td>
      <td className="num">{c.keptForConsent}</td>
      <td className="num">{c.keptForOtherCourse}</td>
      <td>
        <button type="button" className="button button--small" aria-expanded={open} onClick={onOpen}>
          {open ? t('deletion.hidePreview') : t('deletion.showPreview')}
        </button>
      </td>
    </tr>
  );
}

/** One course: its preview (forced when the course is not due), and the run of it alone. */
function OneCourse({ courseId, force }: { courseId: string; force: boolean }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const preview = useRetention((s) => s.previews[courseId]);
  const lastRun = useRetention((s) => s.lastRun);
  const { confirming, setConfirming, running, error, run } = useRun();
  const [done, setDone] = useState(false);

  return (
    <>
      <p className="crumbs">
        <button type="button" className="link" onClick={() => go({ name: 'course', courseId })}>
          ← {t('deletion.backToCourse')}
        </button>
      </p>
      {force && !done && <Notice kind="info">{t('deletion.hasRecords')}</Notice>}
      {done && lastRun && <RunResult result={lastRun} />}
      {error && <Notice kind="error">{error}</Notice>}
      {!done && <PreviewPanel courseId={courseId} force={force} />}
      {!done && preview && (
        <div className="actions">
          <button type="button" className="button button--danger" disabled={running} onClick={() => setConfirming([courseId])}>
            {t('deletion.confirm')}
          </button>
        </div>
      )}
      {confirming && preview && (
        <ConfirmRun
          courses={1}
          people={preview.erase.length}
          running={running}
          onConfirm={() => void run([courseId], force).then((ok) => ok && setDone(true))}
          onClose={() => setConfirming(null)}
        />
      )}
    </>
  );
}

function PreviewPanel({ courseId, force }: { courseId: string; force: boolean }) {
  const { t } = useTranslation();
  const preview = useRetention((s) => s.previews[courseId]);
  const error = useRetention((s) => s.previewErrors[courseId]);

  useEffect(() => {
    void useRetention.getState().loadPreview(courseId, force);
  }, [courseId, force]);

  if (error) return <Notice kind="error">{error}</Notice>;
  if (!preview) return <p className="muted">{t('deletion.previewLoading')}</p>;
  return <Preview preview={preview} />;
}

function Preview({ preview: p }: { preview: DeletionPreview }) {
  const { t } = useTranslation();
  const goes: [string, number][] = [
    [t('deletion.goes.enrollments'), p.goes.enrollments],
    [t('deletion.goes.marks'), p.goes.marks],
    [t('deletion.goes.absenceNotices'), p.goes.absenceNotices],
    [t('deletion.goes.certificates'), p.goes.certificates],
    [t('deletion.goes.changeReasons'), p.goes.changeReasons],
    [t('deletion.goes.consents'), p.goes.consents],
    [t('deletion.goes.requests'), p.goes.requests],
  ];
  return (
    <section className="card deletion__preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('deletion.previewTitle', { name: p.course.name })}</h2>
      {!p.due && <Notice kind="warning">{t('deletion.forcedNotDue', { state: t(`deletion.states.${p.retention.state}`) })}</Notice>}
      <div className="deletion__columns">
        <div>
          <h3 className="facts__heading">{t('deletion.goesTitle')}</h3>
          <p className="strong">{t('deletion.erasePeopleTitle')}</p>
          {p.erase.length === 0 ? (
            <p className="muted">{t('deletion.nobodyErased')}</p>
          ) : (
            <ul className="deletion__people">
              {p.erase.map((person) => (
                <li key={person.participantId}>
                  <PersonName firstName={person.firstName} lastName={person.lastName} />
                </li>
              ))}
            </ul>
          )}
          <table className="table table--compact deletion__counts">
            <tbody>
              {goes.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="num">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3 className="facts__heading">{t('deletion.keepTitle')}</h3>
          {p.keep.length === 0 ? (
            <p className="muted">{t('deletion.nobodyKept')}</p>
          ) : (
            <ul className="deletion__people">
              {p.keep.map((person) => (
                <li key={person.participantId}>
                  <PersonName firstName={person.firstName} lastName={person.lastName} /> <span className="muted">({t(`deletion.why.${person.why}`)})</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3 className="facts__heading">{t('deletion.staysTitle')}</h3>
      <StatisticsList statistics={p.stays.statistics} />
      <p className="muted" data-testid="evaluations-kept">
        {t('deletion.evaluationsKept', { count: p.stays.evaluations ?? 0 })}
      </p>
      <h4 className="facts__heading">{t('deletion.registerTitle')}</h4>
      <p className="muted">
        {t('deletion.registerIntro')} {t('deletion.certificatesVerifiable', { count: p.stays.certificatesVerifiable })}
      </p>
      {p.stays.certificates.length === 0 ? (
        <p className="muted">{t('deletion.registerNone')}</p>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">{t('deletion.registerColumns.number')}</th>
              <th scope="col">{t('deletion.registerColumns.issued')}</th>
              <th scope="col" className="num">
                {t('deletion.registerColumns.hours')}
              </th>
              <th scope="col">{t('deletion.registerColumns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {p.stays.certificates.map((c) => (
              <tr key={c.number}>
                <td className="nowrap">{c.number}</td>
                <td className="nowrap">{formatNorwegianDate(c.issuedOn)}</td>
                <td className="num">{formatHours(c.hoursAttended)}</td>
                <td>{t(`deletion.certificateStatus.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ConfirmRun({ courses, people, running, onConfirm, onClose }: { courses: number; people: number; running: boolean; onConfirm: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('deletion.confirmTitle')} onClose={() => !running && onClose()}>
      <p>{t('deletion.confirmIntro', { count: courses, people: t('deletion.people', { count: people }) })}</p>
      {running && (
        <div className="deletion__progress" aria-busy="true">
          <p role="status">{t('deletion.running')}</p>
          <progress aria-label={t('deletion.runningLabel')} />
        </div>
      )}
      <div className="actions">
        <button type="button" className="button button--danger" disabled={running} aria-busy={running} onClick={onConfirm}>
          {running ? t('deletion.running') : t('deletion.confirm')}
        </button>
        <button type="button" className="button" disabled={running} onClick={onClose} data-autofocus>
          {t('common.cancel')}
        </button>
      </div>
    </Dialog>
  );
}

function RunResult({ result }: { result: DeletionRunResult }) {
  const { t } = useTranslation();
  const time = formatTimestamp(result.at);
  return (
    <section className="card deletion__result" aria-labelledby="deletion-done-title">
      <h2 id="deletion-done-title">{t('deletion.doneTitle')}</h2>
      <Notice kind="success">{t('deletion.done', { people: t('deletion.people', { count: result.erasedPeople }), time })}</Notice>
      <table className="table table--compact">
        <thead>
          <tr>
            <th scope="col">{t('deletion.doneColumns.course')}</th>
            <th scope="col" className="num">
              {t('deletion.doneColumns.erased')}
            </th>
            <th scope="col" className="num">
              {t('deletion.doneColumns.kept')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.courses.map((c) => (
            <tr key={c.courseId}>
              <td dir="auto">{c.name}</td>
              <td className="num">{c.erased}</td>
              <td className="num">{c.kept}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
