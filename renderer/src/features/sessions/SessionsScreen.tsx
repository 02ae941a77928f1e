import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionAddInput, sessionGenerateInput, sessionMoveInput } from '@contract/attendance-schemas';
import { formatNorwegianDate } from '@contract/formats';
import type { Envelope } from '@contract/envelope';
import type { Course, CourseSession } from '@contract/types';
import { BackToCourse } from '../../components/BackToCourse';
import { Dialog } from '../../components/Dialog';
import { DateField, TextField } from '../../components/fields';
import { issuesToErrors, omitErrors, useFieldErrors, useFocusFirstInvalid } from '../../components/forms';
import type { FieldErrors } from '../../components/forms';
import { Notice } from '../../components/Notice';
import { ReasonDialog } from '../../components/ReasonDialog';
import { useCourse, useNav, useSessions } from '../../stores';
import { ISO_WEEKDAYS, WEEKDAY_KEY, formatHours, formatTime, formatTimeRange, isoWeekdayOf, todayInNorway } from '../attendance/format';
import type { IsoWeekday } from '../attendance/format';
import { dateInput } from '../courses/CourseForm';

/** "Tirsdag 01.04.2025". */
export function useSessionDate(): (isoDate: string) => string {
  const { t } = useTranslation();
  return useCallback((isoDate: string) => `${t(`weekday.${WEEKDAY_KEY[isoWeekdayOf(isoDate)]}`)} ${formatNorwegianDate(isoDate)}`, [t]);
}

/** Sessions (økter) of a course: the list, the planned total, and the ways to make and change them. */
export function SessionsScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const sessionDate = useSessionDate();
  const { course, error: courseError } = useCourse(courseId);
  const plan = useSessions((s) => (s.courseId === courseId ? s.plan : null));
  const planError = useSessions((s) => (s.courseId === courseId ? s.error : null));
  const [notice, setNotice] = useState<string | null>(null);
  const [moving, setMoving] = useState<CourseSession | null>(null);
  const [askReason, setAskReason] = useState<{ session: CourseSession; cancelled: boolean; error?: string } | null>(null);
  const [today] = useState(() => todayInNorway());
  const error = courseError ?? planError;

  useEffect(() => {
    void useSessions.getState().load(courseId);
  }, [courseId]);

  if (!course || !plan) return error ? <Notice kind="error">{error}</Notice> : <p className="muted">{t('common.loading')}</p>;

  const setCancelled = async (session: CourseSession, cancelled: boolean, reason?: string) => {
    setNotice(null);
    const result = await useSessions.getState().setCancelled(session, cancelled, reason);
    if (!result.ok) {
      if (result.error.fields?.reason) setAskReason({ session, cancelled, error: result.error.fields.reason });
      return;
    }
    setAskReason(null);
    const date = sessionDate(session.date);
    setNotice(cancelled ? t('sessions.cancelledNotice', { date }) : t('sessions.restoredNotice', { date }));
  };

  /** A signed-off session changes everyone's signed totals: ask why first, like any change after sign-off. */
  const toggleCancelled = (session: CourseSession) => {
    if (session.signedOffAt) setAskReason({ session, cancelled: !session.cancelled });
    else void setCancelled(session, !session.cancelled);
  };

  const statusOf = (s: CourseSession) => {
    if (s.cancelled) return s.cancelReason ? t('sessions.cancelledWithReason', { reason: s.cancelReason }) : t('sessions.cancelled');
    const marked = t('sessions.marked', { count: s.markedCount, total: course.participantCount });
    return s.signedOffAt ? `${t('sessions.signed')} · ${marked}` : marked;
  };

  return (
    <section aria-labelledby="sessions-title">
      <BackToCourse courseId={courseId} />
      <div className="page-head">
        <div>
          <h1 id="sessions-title">{t('sessions.title')}</h1>
          <p className="muted">{course.name}</p>
        </div>
        <button type="button" className="button" onClick={() => go({ name: 'attendanceOverview', courseId })}>
          {t('course.attendanceOverview')}
        </button>
      </div>
      {notice && <Notice kind="success">{notice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}

      <section className="card facts" aria-label={t('sessions.factsLabel')}>
        <dl className="facts__list">
          <div>
            <dt>{t('sessions.sessionHours')}</dt>
            <dd>{t('sessions.hoursValue', { hours: formatHours(plan.sessionHours) })}</dd>
          </div>
          <div>
            <dt>{t('sessions.plannedHours')}</dt>
            <dd>{t('sessions.hoursValue', { hours: formatHours(plan.coursePlannedHours) })}</dd>
          </div>
          <div>
            <dt>{t('sessions.title')}</dt>
            <dd>{t('sessions.count', { count: plan.sessions.filter((s) => !s.cancelled).length })}</dd>
          </div>
        </dl>
        {plan.differs && (
          <p className="notice notice--warning sessions__differs" role="status">
            {t('sessions.differs', { sessionHours: formatHours(plan.sessionHours), plannedHours: formatHours(plan.coursePlannedHours) })}
          </p>
        )}
      </section>

      {plan.sessions.length === 0 ? (
        <p className="empty empty--small">{t('sessions.empty')}</p>
      ) : (
        <table className="table sessions-table">
          <thead>
            <tr>
              <th scope="col">{t('sessions.columns.date')}</th>
              <th scope="col">{t('sessions.columns.time')}</th>
              <th scope="col" className="num">
                {t('sessions.columns.hours')}
              </th>
              <th scope="col">{t('sessions.columns.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sessions.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.sessions.map((s) => (
              <tr key={s.id} className={s.cancelled ? 'session--cancelled' : s.date === today ? 'session--today' : undefined}>
                <td className="nowrap">
                  {sessionDate(s.date)}
                  {s.date === today && <span className="badge badge--running session__today">{t('sessions.today')}</span>}
                </td>
                <td className="nowrap">{formatTimeRange(s.startTime, s.endTime)}</td>
                <td className="num">{formatHours(s.hours)}</td>
                <td>{statusOf(s)}</td>
                <td className="row-actions">
                  {!s.cancelled && (
                    <button type="button" className="button button--small button--primary" onClick={() => go({ name: 'rollCall', courseId, sessionId: s.id })}>
                      {t('sessions.rollCall')}
                    </button>
                  )}
                  <button type="button" className="button button--small" onClick={() => setMoving(s)}>
                    {t('sessions.move')}
                  </button>
                  <button type="button" className="button button--small button--ghost" onClick={() => toggleCancelled(s)}>
                    {s.cancelled ? t('sessions.restore') : t('sessions.cancel')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="sessions__forms">
        <PatternForm
          course={course}
          onDone={(created) => {
            setNotice(created > 0 ? t('sessions.generated', { count: created }) : t('sessions.generatedNone'));
          }}
        />
        <AddForm
          course={course}
          onDone={(session) => setNotice(t('sessions.added', { date: sessionDate(session.date) }))}
        />
      </div>

      {moving && (
        <MoveDialog
          session={moving}
          onClose={() => setMoving(null)}
          onMoved={(session) => {
            setMoving(null);
            setNotice(t('sessions.moved', { date: sessionDate(session.date) }));
          }}
        />
      )}
      {askReason && (
        <ReasonDialog
          // A fresh dialog for each refusal, so the core's message shows at the field.
          key={askReason.error ?? 'ask'}
          id="session-cancel-reason"
          title={askReason.cancelled ? t('sessions.cancelSignedTitle') : t('sessions.restoreSignedTitle')}
          intro={t(askReason.cancelled ? 'sessions.cancelSignedText' : 'sessions.restoreSignedText', { date: sessionDate(askReason.session.date) })}
          label={t('common.reasonLabel')}
          confirm={askReason.cancelled ? t('sessions.cancelSignedConfirm') : t('sessions.restoreSignedConfirm')}
          initialReason=""
          error={askReason.error}
          onClose={() => setAskReason(null)}
          onConfirm={(reason) => void setCancelled(askReason.session, askReason.cancelled, reason)}
        />
      )}
    </section>
  );
}

function PatternForm({ course, onDone }: { course: Course; onDone: (created: number) => void }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [weekdays, setWeekdays] = useState<IsoWeekday[]>([]);
  const [startTime, setStartTime] = useState('');
  const [endTime, setEndTime] = useState('');
  const { errors, setErrors, edit } = useFieldErrors();
  const [busy, setBusy] = useState(false);

  const toggle = (day: IsoWeekday, on: boolean) => {
    setWeekdays((days) => (on ? [...days, day].sort() : days.filter((d) => d !== day)));
    setErrors((e) => omitErrors(e, ['weekdays']));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = sessionGenerateInput.safeParse({ courseId: course.id, weekdays, startTime, endTime });
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await useSessions.getState().generate(parsed.data);
    setBusy(false);
    if (!result.ok) {
      setErrors({ ...result.error.fields, ...(result.error.fields ? {} : { weekdays: result.error.message }) });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    onDone(result.value.created);
  };

  return (
    <form ref={formRef} className="fieldset" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="pattern-title">
      <h2 id="pattern-title">{t('sessions.patternTitle')}</h2>
      <p className="field__hint">
        {t('sessions.patternHint', { start: formatNorwegianDate(course.startDate), end: formatNorwegianDate(course.endDate) })}
      </p>
      <fieldset className={`weekdays${errors.weekdays ? ' field--invalid' : ''}`} aria-describedby={errors.weekdays ? 'pattern-weekdays-error' : undefined}>
        <legend className="field__label">{t('sessions.weekdays')}</legend>
        <div className="weekdays__list">
          {ISO_WEEKDAYS.map((day, i) => (
            <label key={day} className="weekdays__day">
              <input
                type="checkbox"
                checked={weekdays.includes(day)}
                onChange={(e) => toggle(day, e.target.checked)}
                aria-invalid={errors.weekdays && i === 0 ? true : undefined}
              />
              {t(`weekday.${WEEKDAY_KEY[day]}`)}
            </label>
          ))}
        </div>
        {errors.weekdays && (
          <p id="pattern-weekdays-error" className="field__error">
            {errors.weekdays}
          </p>
        )}
      </fieldset>
      <div className="grid">
        <TextField
          id="pattern-from"
          label={t('sessions.from')}
          value={startTime}
          onValue={edit(setStartTime, 'startTime')}
          error={errors.startTime}
          hint={t('sessions.timeHint')}
          inputMode="numeric"
        />
        <TextField
          id="pattern-to"
          label={t('sessions.to')}
          value={endTime}
          onValue={edit(setEndTime, 'endTime')}
          error={errors.endTime}
          inputMode="numeric"
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t('common.saving') : t('sessions.generate')}
        </button>
      </div>
    </form>
  );
}

interface SessionDraft {
  date: string;
  startTime: string;
  endTime: string;
}

/** Date and times of one session; shared by "add" and "move". */
function SessionFields({ idPrefix, draft, errors, onChange }: { idPrefix: string; draft: SessionDraft; errors: FieldErrors; onChange: (key: keyof SessionDraft, value: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="grid grid--3">
      <DateField id={`${idPrefix}-date`} label={t('sessions.date')} value={draft.date} onValue={(v) => onChange('date', v)} error={errors.date} />
      <TextField
        id={`${idPrefix}-from`}
        label={t('sessions.from')}
        value={draft.startTime}
        onValue={(v) => onChange('startTime', v)}
        error={errors.startTime}
        hint={t('sessions.timeHint')}
        inputMode="numeric"
      />
      <TextField
        id={`${idPrefix}-to`}
        label={t('sessions.to')}
        value={draft.endTime}
        onValue={(v) => onChange('endTime', v)}
        error={errors.endTime}
        inputMode="numeric"
      />
    </div>
  );
}

/** A contract check of the form's input: the parsed input, or the issues to show on the fields. */
type Checked<I> = { success: true; data: I } | { success: false; error: { issues: Parameters<typeof issuesToErrors>[0] } };

/**
 * Draft, errors and submit of one session's date and times, shared by "add" and
 * "move": checked against the contract first, then sent; a refusal lands on the
 * fields (or on the date when the core names none) and focus goes to the first invalid one.
 */
function useSessionForm<I>(
  initial: SessionDraft,
  { check, send, onSaved }: { check: (draft: SessionDraft) => Checked<I>; send: (input: I) => Promise<Envelope<CourseSession>>; onSaved: (session: CourseSession) => void },
) {
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalid = useFocusFirstInvalid(formRef);
  const [draft, setDraft] = useState<SessionDraft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const parsed = check(draft);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      focusFirstInvalid();
      return;
    }
    setBusy(true);
    const result = await send(parsed.data);
    setBusy(false);
    if (!result.ok) {
      setErrors(result.error.fields ?? { date: result.error.message });
      focusFirstInvalid();
      return;
    }
    setErrors({});
    onSaved(result.value);
  };

  const onChange = (key: keyof SessionDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => omitErrors(e, [key]));
  };

  return { formRef, busy, submit, setDraft, fields: { draft, errors, onChange } };
}

function AddForm({ course, onDone }: { course: Course; onDone: (session: CourseSession) => void }) {
  const { t } = useTranslation();
  const { formRef, busy, submit, setDraft, fields } = useSessionForm(
    { date: '', startTime: '', endTime: '' },
    {
      check: (draft) => sessionAddInput.safeParse({ courseId: course.id, date: dateInput(draft.date), startTime: draft.startTime, endTime: draft.endTime }),
      send: (input) => useSessions.getState().add(input),
      onSaved: (session) => {
        // The next session is often at the same times: keep them, clear the date.
        setDraft((d) => ({ date: '', startTime: d.startTime, endTime: d.endTime }));
        onDone(session);
      },
    },
  );

  return (
    <form ref={formRef} className="fieldset" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="add-session-title">
      <h2 id="add-session-title">{t('sessions.addTitle')}</h2>
      <SessionFields idPrefix="add-session" {...fields} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('common.saving') : t('sessions.add')}
        </button>
      </div>
    </form>
  );
}

function MoveDialog({ session, onClose, onMoved }: { session: CourseSession; onClose: () => void; onMoved: (session: CourseSession) => void }) {
  const { t } = useTranslation();
  const { formRef, busy, submit, fields } = useSessionForm(
    { date: formatNorwegianDate(session.date), startTime: formatTime(session.startTime), endTime: formatTime(session.endTime) },
    {
      check: (draft) => sessionMoveInput.safeParse({ sessionId: session.id, date: dateInput(draft.date), startTime: draft.startTime, endTime: draft.endTime }),
      send: (input) => useSessions.getState().move(input),
      onSaved: onMoved,
    },
  );

  return (
    <Dialog title={t('sessions.moveTitle')} onClose={onClose}>
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
        <SessionFields idPrefix="move-session" {...fields} />
        <div className="actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('sessions.moveSubmit')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
