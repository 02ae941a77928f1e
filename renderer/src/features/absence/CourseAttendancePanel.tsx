import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ABSENCE_REASONS } from '@contract/attendance-schemas';
import type { AbsenceReason } from '@contract/types';
import { SelectField, TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { useAbsence, useNav } from '../../stores';
import { ForecastFlag } from '../attendance/OverviewScreen';
import { formatTimeRange, todayInNorway } from '../attendance/format';
import { useSessionDate } from '../sessions/SessionsScreen';

/**
 * On the course page: sessions held without a roll call ("mangler opprop"),
 * who can no longer reach the requirement or must attend every remaining
 * session, and absence told in advance (recorded here, prefilled in the roll call).
 */
export function CourseAttendancePanel({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const sessionDate = useSessionDate();
  const overview = useAbsence((s) => (s.courseId === courseId ? s.overview : null));
  const notices = useAbsence((s) => (s.courseId === courseId ? s.notices : null));
  const error = useAbsence((s) => (s.courseId === courseId ? s.error : null));

  useEffect(() => {
    void useAbsence.getState().open(courseId);
  }, [courseId]);

  if (!overview || !notices) {
    return (
      <section className="card absence-panel" aria-labelledby="absence-panel-title">
        <h2 id="absence-panel-title">{t('absence.panelTitle')}</h2>
        {error ? <Notice kind="error">{error}</Notice> : <p className="muted">{t('common.loading')}</p>}
      </section>
    );
  }

  const missing = overview.sessions.filter((s) => s.missingRollCall);
  const flagged = overview.rows.filter((r) => r.forecast.cannotReach || r.forecast.mustAttendAll);
  const percent = Math.round(overview.requiredRate * 100);

  return (
    <section className="card absence-panel" aria-labelledby="absence-panel-title">
      <h2 id="absence-panel-title">{t('absence.panelTitle')}</h2>
      {error && <Notice kind="error">{error}</Notice>}

      <h3 className="facts__heading">{t('absence.missingTitle')}</h3>
      {missing.length === 0 ? (
        <p className="muted">{overview.sessions.length === 0 ? t('overview.noSessions') : t('absence.missingNone')}</p>
      ) : (
        <ul className="list" aria-label={t('absence.missingTitle')}>
          {missing.map((s) => (
            <li key={s.id} className="list__row">
              <span>
                {sessionDate(s.date)} · {formatTimeRange(s.startTime, s.endTime)}
              </span>
              <span className="flag flag--missing">{t('absence.missingBadge')}</span>
              <button
                type="button"
                className="button button--small"
                aria-label={t('absence.takeRollCallFor', { date: sessionDate(s.date) })}
                onClick={() => go({ name: 'rollCall', courseId, sessionId: s.id })}
              >
                {t('absence.takeRollCall')}
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3 className="facts__heading">{t('absence.forecastTitle', { percent })}</h3>
      <p className="muted">{t('absence.forecastIntro')}</p>
      {overview.rows.length === 0 ? (
        <p className="muted">{t('absence.noParticipants')}</p>
      ) : flagged.length === 0 ? (
        <p>{t('absence.forecastNone')}</p>
      ) : (
        <ul className="list" aria-label={t('absence.forecastTitle', { percent })}>
          {flagged.map((row) => (
            <li key={row.participantId} className="list__row">
              <PersonName firstName={row.firstName} lastName={row.lastName} />
              <ForecastFlag forecast={row.forecast} />
            </li>
          ))}
        </ul>
      )}

      <h3 className="facts__heading">{t('absence.noticesTitle')}</h3>
      <p className="muted">{t('absence.noticesIntro')}</p>
      {notices.length === 0 ? (
        <p>{t('absence.noticesNone')}</p>
      ) : (
        <ul className="list" aria-label={t('absence.noticesTitle')}>
          {notices.map((n) => (
            <li key={n.id} className="list__row">
              <span>
                {sessionDate(n.date)} · {formatTimeRange(n.startTime, n.endTime)}
              </span>
              <PersonName firstName={n.firstName} lastName={n.lastName} />
              <span className="notice-label">{t('absence.noticeLabel', { reason: t(`absenceReason.${n.reason}`) })}</span>
              {n.note && (
                <span className="muted" dir="auto">
                  {n.note}
                </span>
              )}
              <button
                type="button"
                className="button button--small button--ghost"
                aria-label={t('absence.removeNoticeFor', { name: `${n.firstName} ${n.lastName}`, date: sessionDate(n.date) })}
                onClick={() => void useAbsence.getState().removeNotice(n)}
              >
                {t('absence.removeNotice')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <NoticeForm courseId={courseId} />
    </section>
  );
}

function NoticeForm({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const sessionDate = useSessionDate();
  const overview = useAbsence((s) => (s.courseId === courseId ? s.overview : null));
  const busy = useAbsence((s) => s.busy);
  const [participantId, setParticipantId] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [reason, setReason] = useState<AbsenceReason | ''>('');
  const [note, setNote] = useState('');
  const [missingChoice, setMissingChoice] = useState(false);
  const [added, setAdded] = useState(false);
  const [today] = useState(() => todayInNorway());
  if (!overview) return null;

  // Sessions from today on; someone who has withdrawn no longer has sessions to miss, but the list shows everyone enrolled.
  const upcoming = overview.sessions.filter((s) => s.date >= today);
  if (upcoming.length === 0) return <p className="muted">{t('absence.noUpcoming')}</p>;
  if (overview.rows.length === 0) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAdded(false);
    if (!participantId || !sessionId || !reason) {
      setMissingChoice(true);
      return;
    }
    setMissingChoice(false);
    const ok = await useAbsence.getState().addNotice({ sessionId, participantId, reason, ...(note.trim() ? { note: note.trim() } : {}) });
    if (ok) {
      setAdded(true);
      setParticipantId('');
      setNote('');
    }
  };

  return (
    <form className="absence-panel__form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('absence.addNotice')}>
      <SelectField
        id="notice-participant"
        label={t('absence.noticeParticipant')}
        value={participantId}
        onValue={setParticipantId}
        placeholder={t('absence.choose')}
        options={overview.rows.map((r) => ({ value: r.participantId, label: `${r.lastName}, ${r.firstName}` }))}
      />
      <SelectField
        id="notice-session"
        label={t('absence.noticeSession')}
        value={sessionId}
        onValue={setSessionId}
        placeholder={t('absence.choose')}
        options={upcoming.map((s) => ({ value: s.id, label: `${sessionDate(s.date)} ${formatTimeRange(s.startTime, s.endTime)}` }))}
      />
      <SelectField
        id="notice-reason"
        label={t('absence.noticeReason')}
        title={t('absence.reasonStaysHere')}
        value={reason}
        onValue={setReason}
        placeholder={t('absence.choose')}
        options={ABSENCE_REASONS.map((r) => ({ value: r, label: t(`absenceReason.${r}`) }))}
      />
      <TextField id="notice-note" label={t('absence.noticeNote')} value={note} onValue={setNote} maxLength={200} />
      <button type="submit" className="button button--primary" disabled={busy}>
        {t('absence.addNotice')}
      </button>
      {missingChoice && <Notice kind="error">{t('absence.chooseAll')}</Notice>}
      {added && <Notice kind="success">{t('absence.noticeAdded')}</Notice>}
    </form>
  );
}
