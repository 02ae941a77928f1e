import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ABSENCE_REASONS, ATTENDANCE_STATUSES } from '@contract/attendance-schemas';
import type { AbsenceReason, AttendanceStatus } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { validationText } from '../../i18n';
import { useNav, useRollCall } from '../../stores';
import type { RollRow } from '../../stores/rollCall';
import { ParticipantMarkers } from '../lifecycle/Markers';
import { useSessionDate } from '../sessions/SessionsScreen';
import { saveExportedFile } from './download';
import { allPresentKey, clockTime, formatHours, formatSignedAt, formatTimeRange, parseDecimal, statusKey } from './format';

type Field = 'hours' | 'note';
interface Editing {
  participantId: string;
  field: Field;
  text: string;
}

const nameOf = (row: RollRow) => `${row.lastName}, ${row.firstName}`;

/**
 * Roll call for one session, keyboard first: arrows move between rows, one
 * letter per status (M/I/F/G in Norwegian, P/A/L/E in English), A (English R)
 * for the rest present, Ctrl+Z to undo, Enter or H for the hours field. Each
 * row also has a button per status for the mouse. Every mark is saved the
 * moment it is made.
 */
export function RollCallScreen({ courseId, sessionId }: { courseId: string; sessionId: string }) {
  const { t, i18n } = useTranslation();
  const go = useNav((s) => s.go);
  const sessionDate = useSessionDate();
  const session = useRollCall((s) => s.session);
  const courseName = useRollCall((s) => s.courseName);
  const inFuture = useRollCall((s) => s.inFuture);
  const rows = useRollCall((s) => s.rows);
  const loadError = useRollCall((s) => s.loadError);
  const inFlight = useRollCall((s) => s.inFlight);
  const lastSavedAt = useRollCall((s) => s.lastSavedAt);
  const lastError = useRollCall((s) => s.lastError);
  const canUndo = useRollCall((s) => s.undoStack.length > 0);
  const question = useRollCall((s) => s.question);

  const [activeId, setActiveId] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [inputError, setInputError] = useState<{ participantId: string; text: string } | null>(null);
  const [confirmSign, setConfirmSign] = useState(false);
  const [signedNotice, setSignedNotice] = useState(false);
  /** Typing in a paper sign-in sheet: Space skips a name, Esc ends; the letters work as always. */
  const [paperMode, setPaperMode] = useState(false);
  const [sheet, setSheet] = useState<{ busy: 'session' | 'week' | null; done: string | null }>({ busy: null, done: null });
  /** The row marked late whose hours are being asked for: nothing is saved until they are given. */
  const [lateFor, setLateFor] = useState<string | null>(null);
  /** The same, set at once: Enter and the blur that follows it must not both save the mark. */
  const lateRef = useRef<string | null>(null);
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const fieldRefs = useRef(new Map<string, HTMLInputElement>());
  /** Set by Escape in a field, so the blur that follows drops the edit instead of saving it. */
  const discardEdit = useRef(false);
  // The letters follow the chosen language.
  const { statusByKey, allKey } = useMemo(
    () => ({
      statusByKey: Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [statusKey(s).toLowerCase(), s])),
      allKey: allPresentKey(),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the letters change with the language
    [i18n.language],
  );

  useEffect(() => {
    void useRollCall.getState().load(sessionId);
  }, [sessionId]);

  const loaded = session?.id === sessionId;
  // Until the teacher moves, the first row without a mark is the active one.
  const activeIndex = Math.max(
    0,
    activeId === null ? rows.findIndex((r) => r.status === null) : rows.findIndex((r) => r.participantId === activeId),
  );
  const activeRow = rows[activeIndex];

  // Once the list is there, the keyboard is in it: no click needed to start.
  const firstFocusId = loaded ? rows[activeIndex]?.participantId : undefined;
  useEffect(() => {
    if (firstFocusId) rowRefs.current.get(firstFocusId)?.focus();
    // Only when a list has just loaded, not on every move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded]);

  // Marking late goes straight to the hours field (it is enabled only now that the row asks for hours).
  useEffect(() => {
    if (lateFor) fieldRefs.current.get(`${lateFor}:hours`)?.focus();
  }, [lateFor]);

  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!loaded || !session) return <p className="muted">{t('common.loading')}</p>;

  const store = useRollCall.getState();
  const readOnly = session.cancelled;
  const marked = rows.filter((r) => r.status !== null).length;

  const focusRow = (index: number) => {
    const row = rows[Math.min(Math.max(index, 0), rows.length - 1)];
    if (!row) return;
    setActiveId(row.participantId);
    rowRefs.current.get(row.participantId)?.focus();
  };

  const focusField = (row: RollRow, field: Field) => {
    if (row.status === null) return;
    fieldRefs.current.get(`${row.participantId}:${field}`)?.focus();
  };

  const markRow = (row: RollRow, status: AttendanceStatus) => {
    if (readOnly) return;
    if (status === 'late') {
      // Late never counts as the whole session by itself: ask how many hours, then save.
      setInputError(null);
      if (row.status === 'late') focusField(row, 'hours');
      else {
        setActiveId(row.participantId);
        setEditing({ participantId: row.participantId, field: 'hours', text: '' });
        lateRef.current = row.participantId;
        setLateFor(row.participantId);
      }
      return;
    }
    if (lateRef.current === row.participantId) {
      lateRef.current = null;
      setLateFor(null);
    }
    store.mark(row.participantId, status);
    // Like paper: after a mark, on to the next name.
    focusRow(rows.indexOf(row) + 1);
  };

  /**
   * The hours for a row just marked late: saved with the late mark, or the mark is dropped.
   * Only Enter moves on to the next name; when the field loses focus to a click, the focus
   * goes where the teacher clicked, so the page must not scroll under the pointer.
   */
  const commitLate = (row: RollRow, text: string | null, moveOn: boolean) => {
    if (lateRef.current !== row.participantId) return;
    lateRef.current = null;
    setLateFor(null);
    setEditing(null);
    const hours = text === null ? undefined : parseDecimal(text);
    if (hours === undefined) {
      setInputError({ participantId: row.participantId, text: t('rollCall.lateNotSaved') });
      return;
    }
    if (Number.isNaN(hours) || hours < 0 || hours > (session?.hours ?? 24)) {
      setInputError({ participantId: row.participantId, text: t('rollCall.invalidLateHours', { hours: formatHours(session?.hours ?? 0) }) });
      rowRefs.current.get(row.participantId)?.focus();
      return;
    }
    setInputError(null);
    store.mark(row.participantId, 'late', hours);
    if (moveOn) focusRow(rows.indexOf(row) + 1);
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey) return;
    // Enter and Space on a row's status button press that button.
    if (event.target instanceof HTMLButtonElement && (event.key === 'Enter' || event.key === ' ')) return;
    const row = activeRow;
    if (!row) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const status = statusByKey[key];
    let handled = true;
    if (status) markRow(row, status);
    // Enter on a row whose absence was told in advance confirms it, with the notice's reason.
    else if (key === 'Enter' && row.status === null && row.notice !== null && !readOnly) markRow(row, 'excused');
    else if (paperMode && key === ' ') focusRow(activeIndex + 1);
    else if (paperMode && key === 'Escape') setPaperMode(false);
    else if (key === 'ArrowDown') focusRow(activeIndex + 1);
    else if (key === 'ArrowUp') focusRow(activeIndex - 1);
    else if (key === 'Home') focusRow(0);
    else if (key === 'End') focusRow(rows.length - 1);
    else if (key === allKey.toLowerCase() && !readOnly) store.markAllPresent();
    else if (key === 'Enter' || key === 'h') focusField(row, 'hours');
    else if (key === 'n') focusField(row, 'note');
    else handled = false;
    if (handled) event.preventDefault();
  };

  // Ctrl+Z anywhere on the screen except in a text field, where it keeps its usual meaning.
  const onScreenKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      store.undo();
    }
  };

  const fieldText = (row: RollRow, field: Field): string => {
    if (editing?.participantId === row.participantId && editing.field === field) return editing.text;
    if (field === 'hours') return row.hours === null ? '' : formatHours(row.hours);
    return row.note ?? '';
  };

  const commitField = (row: RollRow, field: Field) => {
    const edit = editing?.participantId === row.participantId && editing.field === field ? editing : null;
    setEditing(null);
    if (field === 'hours' && lateFor === row.participantId) {
      const discarded = discardEdit.current;
      discardEdit.current = false;
      commitLate(row, discarded || !edit ? null : edit.text, false);
      return;
    }
    if (!edit || discardEdit.current) {
      discardEdit.current = false;
      return;
    }
    if (field === 'note') {
      const note = edit.text.trim();
      if (note !== (row.note ?? '')) store.setNote(row.participantId, note === '' ? null : note);
      return;
    }
    const hours = parseDecimal(edit.text);
    if (hours === undefined || hours === row.hours) return;
    if (Number.isNaN(hours)) {
      setInputError({ participantId: row.participantId, text: t('rollCall.invalidHours') });
      return;
    }
    setInputError(null);
    store.setHours(row.participantId, hours);
  };

  const onFieldKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: RollRow) => {
    if ((event.key === 'Enter' || event.key === 'Escape') && lateRef.current === row.participantId) {
      event.preventDefault();
      event.stopPropagation();
      const text = event.currentTarget.value;
      // Saved with the mark (then on to the next name), or dropped (and back to the row).
      commitLate(row, event.key === 'Enter' ? text : null, true);
      if (event.key === 'Escape') rowRefs.current.get(row.participantId)?.focus();
      return;
    }
    if (event.key === 'Enter' || event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      discardEdit.current = event.key === 'Escape';
      // Leaving the field saves it (Enter) or drops the edit (Escape), in the blur handler.
      rowRefs.current.get(row.participantId)?.focus();
    }
  };

  const saveText = (row: RollRow) => {
    if (inputError?.participantId === row.participantId) return <span className="save save--error">{inputError.text}</span>;
    if (row.save === 'saving') return <span className="save save--saving">{t('rollCall.saving')}</span>;
    if (row.save === 'saved') return <span className="save save--saved">{t('rollCall.saved')}</span>;
    if (row.save === 'error') return <span className="save save--error">{`${t('rollCall.notSaved')}: ${row.error ?? ''}`}</span>;
    return null;
  };

  const printSheet = async (layout: 'session' | 'week') => {
    setSheet({ busy: layout, done: null });
    const result = await store.signInSheet(layout);
    if (result?.ok) saveExportedFile(result.value);
    setSheet({ busy: null, done: result?.ok ? result.value.fileName : null });
  };

  const startPaperMode = () => {
    setPaperMode(true);
    focusRow(0);
  };

  const signOff = async () => {
    const ok = await store.signOff();
    setConfirmSign(false);
    setSignedNotice(ok);
    // The sign-off button is gone now, so focus goes back to the list rather than to nowhere.
    if (activeRow) rowRefs.current.get(activeRow.participantId)?.focus();
  };

  const legend: { key: string; label: string; status?: AttendanceStatus }[] = [
    ...ATTENDANCE_STATUSES.map((status) => ({ key: statusKey(status), label: t(`rollCall.keys.${status}`), status })),
    { key: allKey, label: t('rollCall.keys.all') },
    { key: '↑ ↓', label: t('rollCall.keys.move') },
    { key: 'Enter / H', label: t('rollCall.keys.hours') },
    { key: 'Enter', label: t('absence.keys.confirm') },
    ...(paperMode ? [{ key: t('absence.spaceKey'), label: t('absence.keys.skip') }] : []),
    { key: 'N', label: t('rollCall.keys.note') },
    { key: 'Esc', label: t('rollCall.keys.back') },
    { key: 'Ctrl+Z', label: t('rollCall.keys.undo') },
  ];

  return (
    <section aria-labelledby="roll-title" onKeyDown={onScreenKeyDown} className="roll">
      <p className="crumbs">
        <button type="button" className="link" onClick={() => go({ name: 'sessions', courseId })}>
          ← {t('rollCall.backToSessions')}
        </button>
      </p>
      <div className="page-head">
        <div>
          <h1 id="roll-title">{t('rollCall.title')}</h1>
          <p className="roll__course">{courseName}</p>
          <p className="muted">
            {sessionDate(session.date)} · {formatTimeRange(session.startTime, session.endTime)} ·{' '}
            {t('rollCall.hoursValue', { hours: formatHours(session.hours) })}
          </p>
        </div>
        <button type="button" className="button" onClick={() => go({ name: 'attendanceOverview', courseId })}>
          {t('rollCall.overview')}
        </button>
      </div>

      {session.signedOffAt && (
        <div className="notice notice--info roll__signed" role="status">
          <strong>{t('rollCall.signedAt', { when: formatSignedAt(session.signedOffAt) })}</strong> {t('rollCall.signedHint')}
        </div>
      )}
      {signedNotice && session.signedOffAt && <Notice kind="success">{t('rollCall.signedNotice')}</Notice>}
      {readOnly && <Notice kind="info">{t('rollCall.cancelledNotice')}</Notice>}
      {inFuture && !readOnly && <Notice kind="info">{t('rollCall.futureNotice')}</Notice>}
      {lastError && <Notice kind="error">{lastError}</Notice>}
      {sheet.done && <Notice kind="success">{t('absence.sheetDownloaded', { file: sheet.done })}</Notice>}
      {paperMode && <Notice kind="info">{t('absence.paperModeOn')}</Notice>}

      <div className="roll__bar">
        <p className="roll__progress">{t('rollCall.progress', { count: marked, total: rows.length })}</p>
        <p className={`roll__saved${inFlight > 0 ? ' roll__saved--busy' : ''}`} role="status" aria-live="polite">
          {inFlight > 0 ? t('rollCall.saving') : lastSavedAt ? t('rollCall.savedAt', { time: clockTime(lastSavedAt) }) : t('rollCall.autosave')}
        </p>
        <div className="roll__actions">
          <button type="button" className="button" aria-keyshortcuts={allKey} disabled={readOnly || marked === rows.length} onClick={() => store.markAllPresent()}>
            {t('rollCall.allPresent')}
          </button>
          <button type="button" className="button" aria-keyshortcuts="Control+Z" disabled={!canUndo} onClick={() => store.undo()}>
            {t('rollCall.undo')}
          </button>
          <button type="button" className="button" disabled={sheet.busy !== null || readOnly} aria-busy={sheet.busy === 'session'} onClick={() => void printSheet('session')}>
            {sheet.busy === 'session' ? t('absence.sheetMaking') : t('absence.sheetSession')}
          </button>
          <button type="button" className="button" disabled={sheet.busy !== null} aria-busy={sheet.busy === 'week'} onClick={() => void printSheet('week')}>
            {sheet.busy === 'week' ? t('absence.sheetMaking') : t('absence.sheetWeek')}
          </button>
          {!readOnly && rows.length > 0 && (
            <button type="button" className="button" aria-pressed={paperMode} onClick={() => (paperMode ? setPaperMode(false) : startPaperMode())}>
              {paperMode ? t('absence.paperModeOff') : t('absence.paperMode')}
            </button>
          )}
          {!session.signedOffAt && !readOnly && (
            <button type="button" className="button button--primary" onClick={() => setConfirmSign(true)}>
              {t('rollCall.signOff')}
            </button>
          )}
        </div>
      </div>

      <div className="roll__layout">
        {rows.length === 0 ? (
          <p className="empty empty--small">{t('rollCall.noParticipants')}</p>
        ) : (
          <table className="table roll__grid" role="grid" aria-labelledby="roll-title" aria-describedby="roll-keys" onKeyDown={onGridKeyDown}>
            {/* Fixed widths: a mark or a save changes a cell's text, never where the buttons below it are. */}
            <colgroup>
              <col />
              <col className="roll__col-mark" />
              <col className="roll__col-status" />
              <col className="roll__col-reason" />
              <col className="roll__col-hours" />
              <col />
              <col className="roll__col-save" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">{t('rollCall.columns.name')}</th>
                <th scope="col">{t('rollCall.columns.mark')}</th>
                <th scope="col">{t('rollCall.columns.status')}</th>
                <th scope="col">{t('rollCall.columns.reason')}</th>
                <th scope="col">{t('rollCall.columns.hours')}</th>
                <th scope="col">{t('rollCall.columns.note')}</th>
                <th scope="col">{t('rollCall.columns.saved')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const active = index === activeIndex;
                const name = nameOf(row);
                return (
                  <tr
                    key={row.participantId}
                    ref={(el) => {
                      if (el) rowRefs.current.set(row.participantId, el);
                      else rowRefs.current.delete(row.participantId);
                    }}
                    tabIndex={active ? 0 : -1}
                    aria-selected={active}
                    className={`roll__row${active ? ' roll__row--active' : ''}${row.save === 'error' ? ' roll__row--error' : ''}`}
                    onFocus={(e) => {
                      if (e.target === e.currentTarget) setActiveId(row.participantId);
                    }}
                    onClick={(e) => {
                      // A status button moves on to the next row itself; a field keeps the focus it was given.
                      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || (e.target instanceof Element && e.target.closest('button'))) return;
                      focusRow(index);
                    }}
                  >
                    <th scope="row" className="roll__name">
                      <PersonName firstName={row.firstName} lastName={row.lastName} />
                      <ParticipantMarkers withdrawnOn={row.withdrawnOn} restricted={row.restricted} />
                    </th>
                    <td className="roll__mark">
                      <div className="markbuttons" role="group" aria-label={t('rollCall.markFor', { name })}>
                        {ATTENDANCE_STATUSES.map((status) => (
                          <button
                            key={status}
                            type="button"
                            className={`markbutton status--${status}`}
                            tabIndex={active ? 0 : -1}
                            disabled={readOnly}
                            aria-pressed={row.status === status || (status === 'late' && lateFor === row.participantId)}
                            aria-label={t('rollCall.statusFor', { status: t(`attendanceStatus.${status}`), name })}
                            title={t(`attendanceStatus.${status}`)}
                            onClick={() => markRow(row, status)}
                          >
                            {statusKey(status)}
                          </button>
                        ))}
                      </div>
                    </td>
                    {/* Status and reason on one line each, in columns of their own: a mark changes the text in them, never the
                        row's height, so the mark buttons stay under the pointer (a click landing as a row changes must still hit them). */}
                    <td>
                      {lateFor === row.participantId ? (
                        <span className="status status--late status--asking">
                          <span className="status__key" aria-hidden="true">
                            {statusKey('late')}
                          </span>
                          {t('rollCall.lateAskHours')}
                        </span>
                      ) : row.status === null && row.notice ? (
                        // Told in advance: shown as the mark it will be, labelled, until the teacher confirms or changes it.
                        <span className="status status--excused status--prefilled" title={t('absence.noticePrefilled')}>
                          <span className="status__key" aria-hidden="true">
                            {statusKey('excused')}
                          </span>
                          {t('attendanceStatus.excused')}
                        </span>
                      ) : (
                        <span className={`status status--${row.status ?? 'none'}`}>
                          {row.status && (
                            <span className="status__key" aria-hidden="true">
                              {statusKey(row.status)}
                            </span>
                          )}
                          {t(`attendanceStatus.${row.status ?? 'none'}`)}
                        </span>
                      )}
                    </td>
                    <td className="roll__reason-cell">
                      {lateFor === row.participantId ? null : row.status === null && row.notice ? (
                        <span className="roll__notice">
                          <span className="notice-label" title={t('absence.noticeLabel', { reason: t(`absenceReason.${row.notice.reason}`) })}>
                            {t('absence.noticeShort', { reason: t(`absenceReason.${row.notice.reason}`) })}
                          </span>
                          {!readOnly && (
                            <button
                              type="button"
                              className="button button--small"
                              tabIndex={active ? 0 : -1}
                              aria-label={t('absence.confirmFor', { name })}
                              onClick={() => markRow(row, 'excused')}
                            >
                              {t('absence.confirm')}
                            </button>
                          )}
                        </span>
                      ) : (row.status === 'absent' || row.status === 'excused') ? (
                        <select
                          className="field__control roll__reason"
                          tabIndex={active ? 0 : -1}
                          disabled={readOnly}
                          aria-label={t('absence.reasonFor', { name })}
                          title={t('absence.reasonStaysHere')}
                          value={row.absenceReason ?? ''}
                          onChange={(e) => store.setAbsenceReason(row.participantId, (e.target.value || null) as AbsenceReason | null)}
                        >
                          <option value="">{t('absenceReason.none')}</option>
                          {ABSENCE_REASONS.map((reason) => (
                            <option key={reason} value={reason}>
                              {t(`absenceReason.${reason}`)}
                            </option>
                          ))}
                        </select>
                      ) : null}
                    </td>
                    {(['hours', 'note'] as const).map((field) => (
                      <td key={field}>
                        <input
                          ref={(el) => {
                            const key = `${row.participantId}:${field}`;
                            if (el) fieldRefs.current.set(key, el);
                            else fieldRefs.current.delete(key);
                          }}
                          type="text"
                          className={`field__control roll__${field}`}
                          inputMode={field === 'hours' ? 'decimal' : undefined}
                          maxLength={field === 'note' ? 200 : 6}
                          tabIndex={active ? 0 : -1}
                          disabled={(row.status === null && !(field === 'hours' && lateFor === row.participantId)) || readOnly}
                          placeholder={field === 'hours' && lateFor === row.participantId ? formatHours(session.hours) : undefined}
                          aria-label={
                            field === 'hours' && lateFor === row.participantId
                              ? t('rollCall.lateHoursFor', { name, hours: formatHours(session.hours) })
                              : field === 'hours'
                                ? t('rollCall.hoursFor', { name })
                                : t('rollCall.noteFor', { name })
                          }
                          value={fieldText(row, field)}
                          onFocus={(e) => {
                            setActiveId(row.participantId);
                            setEditing({ participantId: row.participantId, field, text: e.currentTarget.value });
                            e.currentTarget.select();
                          }}
                          onChange={(e) => setEditing({ participantId: row.participantId, field, text: e.target.value })}
                          onBlur={() => commitField(row, field)}
                          onKeyDown={(e) => onFieldKeyDown(e, row)}
                        />
                      </td>
                    ))}
                    <td className="roll__save">{saveText(row)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}

        <aside id="roll-keys" className="card card--inset roll__keys" aria-label={t('rollCall.keysTitle')}>
          <h2 className="roll__keys-title">{t('rollCall.keysTitle')}</h2>
          <ul className="plain-list">
            {legend.map((item) => (
              <li key={item.key}>
                {item.status && activeRow && !readOnly ? (
                  <button type="button" className="keybutton" aria-keyshortcuts={item.key} onClick={() => markRow(activeRow, item.status!)}>
                    <kbd>{item.key}</kbd> {item.label}
                  </button>
                ) : (
                  <span className="keyhint">
                    <kbd>{item.key}</kbd> {item.label}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </aside>
      </div>

      {question?.kind === 'confirmFuture' && (
        <Dialog title={t('rollCall.futureTitle')} onClose={() => store.answerFuture(false)}>
          <p>{t('rollCall.futureText')}</p>
          <div className="actions">
            <button type="button" className="button button--primary" data-autofocus onClick={() => store.answerFuture(true)}>
              {t('rollCall.futureYes')}
            </button>
            <button type="button" className="button" onClick={() => store.answerFuture(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
      {question?.kind === 'reason' && <ReasonDialog onAnswer={(reason) => store.answerReason(reason)} />}
      {confirmSign && (
        <Dialog title={t('rollCall.signTitle')} onClose={() => setConfirmSign(false)}>
          <p>{t('rollCall.signText')}</p>
          {marked < rows.length && <p className="strong">{t('rollCall.signUnmarked', { count: rows.length - marked })}</p>}
          <div className="actions">
            <button type="button" className="button button--primary" data-autofocus onClick={() => void signOff()}>
              {t('rollCall.signConfirm')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmSign(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** Asks why a signed-off list is changed; the reason goes to the audit log with the change. */
function ReasonDialog({ onAnswer }: { onAnswer: (reason: string | null) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError(validationText('required'));
      return;
    }
    onAnswer(reason.trim());
  };

  return (
    <Dialog title={t('rollCall.reasonTitle')} onClose={() => onAnswer(null)}>
      <form onSubmit={submit} noValidate>
        <p>{t('rollCall.reasonText')}</p>
        <TextField
          id="roll-reason"
          label={t('rollCall.reasonLabel')}
          value={reason}
          onValue={(v) => {
            setReason(v);
            setError(undefined);
          }}
          error={error}
          maxLength={500}
          data-autofocus
        />
        <div className="actions">
          <button type="submit" className="button button--primary">
            {t('rollCall.reasonSubmit')}
          </button>
          <button type="button" className="button" onClick={() => onAnswer(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
