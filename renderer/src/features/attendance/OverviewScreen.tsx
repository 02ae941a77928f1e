import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNorwegianDate } from '@contract/formats';
import type { AttendanceOverviewRow, AttendanceStatus, ParticipantAttendance } from '@contract/types';
import { ATTENDANCE_STATUSES } from '@contract/attendance-schemas';
import { BackToCourse } from '../../components/BackToCourse';
import { Dialog } from '../../components/Dialog';
import { Notice } from '../../components/Notice';
import { useNav, useOverview } from '../../stores';
import { NAME_SLOT, PersonName, withName } from '../../components/PersonName';
import { useSessionDate } from '../sessions/SessionsScreen';
import { saveExportedFile } from './download';
import { WEEKDAY_KEY, formatHours, formatRate, isoWeekdayOf, statusKey, todayInNorway } from './format';

type ExportFormat = 'csv' | 'pdf';

/** Participants × sessions for a course, with hours, attendance rate, the requirement and who falls short. */
export function OverviewScreen({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const overview = useOverview((s) => (s.courseId === courseId ? s.overview : null));
  const courseName = useOverview((s) => s.courseName);
  const error = useOverview((s) => s.error);
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [exportNotice, setExportNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<AttendanceOverviewRow | null>(null);
  const [today] = useState(() => todayInNorway());
  const tableRef = useRef<HTMLTableElement>(null);
  useStickyTotals(tableRef, overview);

  useEffect(() => {
    void useOverview.getState().load(courseId);
  }, [courseId]);

  if (!overview) return error ? <Notice kind="error">{error}</Notice> : <p className="muted">{t('common.loading')}</p>;

  const download = async (format: ExportFormat) => {
    setExporting(format);
    setExportNotice(null);
    const result = await useOverview.getState().exportList(courseId, format);
    setExporting(null);
    if (!result.ok) return;
    saveExportedFile(result.value);
    setExportNotice(t('overview.downloaded', { file: result.value.fileName }));
  };

  const flagged = overview.rows.filter((r) => r.flag !== null).length;
  const lateAtFull = overview.rows.reduce((sum, r) => sum + r.lateAtFullHours.length, 0);
  const requiredPercent = Math.round(overview.requiredRate * 100);
  const missing = overview.sessions.filter((s) => s.missingRollCall).length;
  const cannotReach = overview.rows.filter((r) => r.forecast.cannotReach).length;
  const mustAttendAll = overview.rows.filter((r) => r.forecast.mustAttendAll).length;

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
        {(cannotReach > 0 || mustAttendAll > 0) && <span className="overview__flagged">{t('absence.forecastCount', { cannot: cannotReach, must: mustAttendAll })}</span>}
        {missing > 0 && <span className="flag flag--missing">{t('absence.missingCount', { count: missing })}</span>}
      </div>
      {lateAtFull > 0 && <Notice kind="warning">{t('overview.lateAtFullHours', { count: lateAtFull })}</Notice>}

      <Legend />

      {overview.rows.length === 0 ? (
        <p className="empty empty--small">{t('overview.noParticipants')}</p>
      ) : overview.sessions.length === 0 ? (
        <p className="empty empty--small">{t('overview.noSessions')}</p>
      ) : (
        <div className="matrix" role="region" aria-label={t('overview.matrixLabel')} tabIndex={0}>
          <table ref={tableRef} className="matrix__table">
            <thead>
              <tr>
                <th scope="col" className="matrix__name">
                  {t('overview.columns.name')}
                </th>
                {overview.sessions.map((s) => (
                  <th
                    key={s.id}
                    scope="col"
                    className={`matrix__session${s.date > today ? ' matrix__session--future' : ''}${s.missingRollCall ? ' matrix__session--missing' : ''}`}
                    title={s.missingRollCall ? `${formatNorwegianDate(s.date)}: ${t('absence.missingBadge')}` : formatNorwegianDate(s.date)}
                  >
                    <span aria-hidden="true">
                      {t(`weekdayShort.${WEEKDAY_KEY[isoWeekdayOf(s.date)]}`)}
                      <br />
                      {formatNorwegianDate(s.date).slice(0, 5)}
                      {s.missingRollCall && ' !'}
                    </span>
                    <span className="visually-hidden">
                      {formatNorwegianDate(s.date)}
                      {s.missingRollCall && `, ${t('absence.missingBadge')}`}
                    </span>
                  </th>
                ))}
                <th scope="col" className="num matrix__total matrix__total--hours">
                  {t('overview.columns.hours')}
                </th>
                <th scope="col" className="num matrix__total matrix__total--rate">
                  {t('overview.columns.rate')}
                </th>
                <th scope="col" className="matrix__total matrix__total--flag">
                  {t('overview.columns.flag')}
                </th>
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
                  {row.statuses.map((status, i) =>
                    row.lateAtFullHours.includes(i) ? (
                      // A late mark that still carries the whole session's hours: worth a second look.
                      <td key={overview.sessions[i]?.id ?? i} className="matrix__cell status--late matrix__cell--check" title={t('overview.lateAtFullHoursCell')}>
                        <StatusSymbol status={status} />
                        <span aria-hidden="true">!</span>
                        <span className="visually-hidden">{t('overview.lateAtFullHoursCell')}</span>
                      </td>
                    ) : (
                      <td key={overview.sessions[i]?.id ?? i} className={`matrix__cell status--${status ?? 'none'}`}>
                        <StatusSymbol status={status} />
                      </td>
                    ),
                  )}
                  <td className="num matrix__total matrix__total--hours">{formatHours(row.hoursAttended)}</td>
                  <td className="num matrix__total matrix__total--rate">{formatRate(row.rate)}</td>
                  <td className="matrix__total matrix__total--flag">
                    <span className="matrix__flags">
                      {row.flag && <span className={`flag flag--${row.flag}`}>{t(`overview.${row.flag}`)}</span>}
                      <ForecastFlag forecast={row.forecast} />
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open && <ParticipantDialog row={open} onClose={() => setOpen(null)} />}
    </section>
  );
}

/**
 * The totals (hours, rate, requirement) stick to the matrix's right edge, one
 * beside the other: each sticks at the measured width of the columns to its
 * right, kept up to date as the table changes size (language, window).
 */
function useStickyTotals(tableRef: RefObject<HTMLTableElement | null>, content: unknown) {
  useLayoutEffect(() => {
    const table = tableRef.current;
    if (!table) return;
    const update = () => {
      const width = (selector: string) => table.querySelector<HTMLElement>(`thead ${selector}`)?.offsetWidth ?? 0;
      const flag = width('.matrix__total--flag');
      table.style.setProperty('--matrix-rate-right', `${flag}px`);
      table.style.setProperty('--matrix-hours-right', `${flag + width('.matrix__total--rate')}px`);
    };
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(update);
    observer.observe(table);
    return () => observer.disconnect();
  }, [tableRef, content]);
}

/** "Cannot reach" or "must attend all", with the longer sentence for screen readers and on hover. */
export function ForecastFlag({ forecast }: { forecast: AttendanceOverviewRow['forecast'] }) {
  const { t } = useTranslation();
  if (!forecast.cannotReach && !forecast.mustAttendAll) return null;
  const [kind, short, long] = forecast.cannotReach
    ? (['cannot', t('absence.cannotReach'), t('absence.cannotReachLong')] as const)
    : (['must', t('absence.mustAttendAll'), t('absence.mustAttendAllLong')] as const);
  // Floored, as the certificate counts: "at most 75 %" must never stand for 74.9 %.
  const detail = forecast.maxRate === null ? long : `${long} (${t('absence.maxRate', { rate: formatRate(Math.floor(forecast.maxRate * 100 + 1e-9) / 100) })})`;
  return (
    <span className={`flag flag--${kind}`} title={detail}>
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{detail}</span>
    </span>
  );
}

function StatusSymbol({ status }: { status: AttendanceStatus | null }) {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">{status ? statusKey(status) : '·'}</span>
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
          <dt className={`matrix__cell status--${status}`}>{statusKey(status)}</dt>
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
function ParticipantDialog({ row, onClose }: { row: AttendanceOverviewRow; onClose: () => void }) {
  const { t } = useTranslation();
  const sessionDate = useSessionDate();
  const detail = useOverview((s) => (s.detail?.participantId === row.participantId ? s.detail : null));
  const error = useOverview((s) => s.detailError);
  const [today] = useState(() => todayInNorway());

  useEffect(() => {
    void useOverview.getState().loadParticipant(row.participantId);
    return () => useOverview.getState().closeParticipant();
  }, [row.participantId]);

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
