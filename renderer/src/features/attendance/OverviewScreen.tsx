import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { AttendanceOverview, AttendanceOverviewRow, AttendanceStatus, ParticipantAttendance } from '@contract/types';
import { ATTENDANCE_STATUSES } from '@contract/attendance-schemas';
import { BackToCourse } from '../../components/BackToCourse';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { call, neo } from '../../neo';
import { useNav } from '../../stores';
import { useSessionDate } from '../sessions/SessionsScreen';
import { saveExportedFile } from './download';
import { STATUS_KEY, WEEKDAY_KEY, formatHours, formatRate, isoWeekdayOf, todayInNorway } from './format';

type ExportFormat = 'csv' | 'pdf';

/** Participants × sessions for a course, with hours, attendance rate, the requirement and who falls short. */
export function OverviewScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [overview, setOverview] = useState<AttendanceOverview | null>(null);
  const [courseName, setCourseName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportNotice, setExportNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<AttendanceOverviewRow | null>(null);
  const [today] = useState(() => todayInNorway());

  useEffect(() => {
    void Promise.all([call(() => neo().attendance.overview({ courseId })), call(() => neo().courses.get({ id: courseId }))]).then(
      ([result, course]) => {
        if (course.ok) setCourseName(course.value.name);
        if (result.ok) setOverview(result.value);
        else setError(result.error.message);
      },
    );
  }, [courseId]);

  if (!overview) return error ? <Notice kind="error">{error}</Notice> : <p className="muted">{t('common.loading')}</p>;

  const download = async (format: ExportFormat) => {
    setExporting(format);
    setExportNotice(null);
    setError(null);
    const result = await call(() => neo().attendance.export({ courseId, format }));
    setExporting(null);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    saveExportedFile(result.value);
    setExportNotice(t('overview.downloaded', { file: result.value.fileName }));
  };

  const flagged = overview.rows.filter((r) => r.flag !== null).length;
  const requiredPercent = Math.round(overview.requiredRate * 100);

  return (
    <section aria-labelledby="overview-title">
      <BackToCourse courseId={courseId} />
      <div className="page-head">
        <div>
          <h1 id="overview-title">{t('overview.title')}</h1>
          <p className="muted">{courseName}</p>
        </div>
        <div className="actions actions--top">
          <button type="button" className="button" onClick={() => go({ name: 'sessions', courseId })}>
            {t('course.sessions')}
          </button>
          <button type="button" className="button" disabled={exporting !== null} aria-busy={exporting === 'csv'} onClick={() => void download('csv')}>
            {exporting === 'csv' ? t('overview.makingCsv') : t('overview.downloadCsv')}
          </button>
          <button type="button" className="button" disabled={exporting !== null} aria-busy={exporting === 'pdf'} onClick={() => void download('pdf')}>
            {exporting === 'pdf' ? t('overview.makingPdf') : t('overview.downloadPdf')}
          </button>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {exporting === 'pdf' ? t('overview.makingPdf') : exporting === 'csv' ? t('overview.makingCsv') : ''}
      </p>
      {exportNotice && <Notice kind="success">{exportNotice}</Notice>}
      {error && <Notice kind="error">{error}</Notice>}

      <div className="overview__facts">
        <span className="badge badge--planned overview__required">{t('overview.required', { percent: requiredPercent })}</span>
        <span>{t('overview.held', { hours: formatHours(overview.heldHours) })}</span>
        {flagged > 0 && <span className="overview__flagged">{t('overview.flagged', { count: flagged })}</span>}
      </div>

      <Legend />

      {overview.rows.length === 0 ? (
        <p className="empty empty--small">{t('overview.noParticipants')}</p>
      ) : overview.sessions.length === 0 ? (
        <p className="empty empty--small">{t('overview.noSessions')}</p>
      ) : (
        <div className="matrix" role="region" aria-label={t('overview.matrixLabel')} tabIndex={0}>
          <table className="matrix__table">
            <thead>
              <tr>
                <th scope="col" className="matrix__name">
                  {t('overview.columns.name')}
                </th>
                {overview.sessions.map((s) => (
                  <th key={s.id} scope="col" className={`matrix__session${s.date > today ? ' matrix__session--future' : ''}`} title={formatNorwegianDate(s.date)}>
                    <span aria-hidden="true">
                      {t(`weekdayShort.${WEEKDAY_KEY[isoWeekdayOf(s.date)]}`)}
                      <br />
                      {formatNorwegianDate(s.date).slice(0, 5)}
                    </span>
                    <span className="visually-hidden">{formatNorwegianDate(s.date)}</span>
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('overview.columns.hours')}
                </th>
                <th scope="col" className="num">
                  {t('overview.columns.rate')}
                </th>
                <th scope="col">{t('overview.columns.flag')}</th>
              </tr>
            </thead>
            <tbody>
              {overview.rows.map((row) => (
                <tr key={row.participantId} className={row.flag ? `matrix__row--${row.flag}` : undefined}>
                  <th scope="row" className="matrix__name">
                    <button type="button" className="link" onClick={() => setOpen(row)}>
                      <PersonName firstName={row.firstName} lastName={row.lastName} />
                    </button>
                  </th>
                  {row.statuses.map((status, i) => (
                    <td key={overview.sessions[i]?.id ?? i} className={`matrix__cell status--${status ?? 'none'}`}>
                      <StatusSymbol status={status} />
                    </td>
                  ))}
                  <td className="num">{formatHours(row.hoursAttended)}</td>
                  <td className="num">{formatRate(row.rate)}</td>
                  <td>{row.flag && <span className={`flag flag--${row.flag}`}>{t(`overview.${row.flag}`)}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open && <ParticipantDialog courseId={courseId} row={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

function StatusSymbol({ status }: { status: AttendanceStatus | null }) {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">{status ? STATUS_KEY[status] : '·'}</span>
      <span className="visually-hidden">{t(`attendanceStatus.${status ?? 'none'}`)}</span>
    </>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <dl className="legend" aria-label={t('overview.legendTitle')}>
      {ATTENDANCE_STATUSES.map((status) => (
        <div key={status} className="legend__item">
          <dt className={`matrix__cell status--${status}`}>{STATUS_KEY[status]}</dt>
          <dd>{t(`attendanceStatus.${status}`)}</dd>
        </div>
      ))}
      <div className="legend__item">
        <dt className="matrix__cell status--none">·</dt>
        <dd>{t('attendanceStatus.none')}</dd>
      </div>
    </dl>
  );
}

/** Every session of the course for one participant, with status and hours. */
function ParticipantDialog({ courseId, row, onClose }: { courseId: string; row: AttendanceOverviewRow; onClose: () => void }) {
  const { t } = useTranslation();
  const sessionDate = useSessionDate();
  const [detail, setDetail] = useState<ParticipantAttendance | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [today] = useState(() => todayInNorway());

  useEffect(() => {
    void call(() => neo().attendance.participant({ courseId, participantId: row.participantId })).then((result) => {
      if (result.ok) setDetail(result.value);
      else setError(result.error.message);
    });
  }, [courseId, row.participantId]);

  const statusText = (s: ParticipantAttendance['sessions'][number]) => {
    if (s.cancelled) return t('sessions.cancelled');
    if (s.status) return t(`attendanceStatus.${s.status}`);
    return s.date > today ? t('overview.notHeld') : t('attendanceStatus.none');
  };

  return (
    <Dialog
      title={withName(t('overview.participantTitle', { name: NAME_SLOT }), <PersonName firstName={row.firstName} lastName={row.lastName} order="firstLast" />)}
      onClose={onClose}
    >
      {error && <Notice kind="error">{error}</Notice>}
      {!detail && !error && <p className="muted">{t('common.loading')}</p>}
      {detail && (
        <>
          <p className="strong">{t('overview.participantSummary', { hours: formatHours(detail.hoursAttended), rate: formatRate(detail.rate) })}</p>
          <table className="table table--compact">
            <thead>
              <tr>
                <th scope="col">{t('overview.participantColumns.date')}</th>
                <th scope="col">{t('overview.participantColumns.status')}</th>
                <th scope="col" className="num">
                  {t('overview.participantColumns.hours')}
                </th>
                <th scope="col" className="num">
                  {t('overview.participantColumns.sessionHours')}
                </th>
                <th scope="col">{t('overview.participantColumns.note')}</th>
              </tr>
            </thead>
            <tbody>
              {detail.sessions.map((s) => (
                <tr key={s.sessionId} className={s.cancelled ? 'session--cancelled' : undefined}>
                  <td className="nowrap">{sessionDate(s.date)}</td>
                  <td>{statusText(s)}</td>
                  <td className="num">{s.hoursAttended === null ? '' : formatHours(s.hoursAttended)}</td>
                  <td className="num">{formatHours(s.hours)}</td>
                  <td>{s.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
    </Dialog>
  );
}
