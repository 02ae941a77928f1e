import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTENDANCE_STATUSES } from '@contract/attendance-schemas';
import type { AttendanceStatus } from '@contract/types';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { PersonName } from '../../components/PersonName';
import { validationText } from '../../i18n';
import { useNav, useRollCall } from '../../stores';
import type { RollRow } from '../../stores/rollCall';
import { useSessionDate } from '../sessions/SessionsScreen';
import { STATUS_KEY, clockTime, formatHours, formatSignedAt, formatTimeRange, parseDecimal } from './format';

/** The status each letter key sets; the same letters show in the overview. */
const STATUS_BY_KEY: Record<string, AttendanceStatus> = Object.fromEntries(ATTENDANCE_STATUSES.map((s) => [STATUS_KEY[s].toLowerCase(), s]));

type Field = 'hours' | 'note';
interface Editing {
  participantId: string;
  field: Field;
  text: string;
}

const nameOf = (row: RollRow) => `${row.lastName}, ${row.firstName}`;

/**
 * Roll call for one session, keyboard first: arrows move between rows, one
 * letter per status, A for all present, Ctrl+Z to undo, Enter or H for the
 * hours field. Every mark is saved the moment it is made.
 */
export function RollCallScreen({ courseId, sessionId }: { courseId: string; sessionId: string }) {
  const { t } = useTranslation();
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
  const rowRefs = useRef(new Map<string, HTMLTableRowElement>());
  const fieldRefs = useRef(new Map<string, HTMLInputElement>());
  /** Set by Escape in a field, so the blur that follows drops the edit instead of saving it. */
  const discardEdit = useRef(false);

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
    store.mark(row.participantId, status);
    // Like paper: after a mark, on to the next name.
    focusRow(rows.indexOf(row) + 1);
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = activeRow;
    if (!row) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const status = STATUS_BY_KEY[key];
    let handled = true;
    if (status) markRow(row, status);
    else if (key === 'ArrowDown') focusRow(activeIndex + 1);
    else if (key === 'ArrowUp') focusRow(activeIndex - 1);
    else if (key === 'Home') focusRow(0);
    else if (key === 'End') focusRow(rows.length - 1);
    else if (key === 'a' && !readOnly) store.markAllPresent();
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

  const signOff = async () => {
    const ok = await store.signOff();
    setConfirmSign(false);
    setSignedNotice(ok);
    // The sign-off button is gone now, so focus goes back to the list rather than to nowhere.
    if (activeRow) rowRefs.current.get(activeRow.participantId)?.focus();
  };

  const legend: { key: string; label: string; status?: AttendanceStatus }[] = [
    ...ATTENDANCE_STATUSES.map((status) => ({ key: STATUS_KEY[status], label: t(`rollCall.keys.${status}`), status })),
    { key: 'A', label: t('rollCall.keys.all') },
    { key: '↑ ↓', label: t('rollCall.keys.move') },
    { key: 'Enter / H', label: t('rollCall.keys.hours') },
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

      <div className="roll__bar">
        <p className="roll__progress">{t('rollCall.progress', { count: marked, total: rows.length })}</p>
        <p className={`roll__saved${inFlight > 0 ? ' roll__saved--busy' : ''}`} role="status" aria-live="polite">
          {inFlight > 0 ? t('rollCall.saving') : lastSavedAt ? t('rollCall.savedAt', { time: clockTime(lastSavedAt) }) : t('rollCall.autosave')}
        </p>
        <div className="roll__actions">
          <button type="button" className="button" aria-keyshortcuts="A" disabled={readOnly || marked === rows.length} onClick={() => store.markAllPresent()}>
            {t('rollCall.allPresent')}
          </button>
          <button type="button" className="button" aria-keyshortcuts="Control+Z" disabled={!canUndo} onClick={() => store.undo()}>
            {t('rollCall.undo')}
          </button>
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
            <thead>
              <tr>
                <th scope="col">{t('rollCall.columns.name')}</th>
                <th scope="col">{t('rollCall.columns.status')}</th>
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
                      if (!(e.target instanceof HTMLInputElement)) focusRow(index);
                    }}
                  >
                    <th scope="row" className="roll__name">
                      <PersonName firstName={row.firstName} lastName={row.lastName} />
                    </th>
                    <td>
                      <span className={`status status--${row.status ?? 'none'}`}>
                        {row.status && (
                          <span className="status__key" aria-hidden="true">
                            {STATUS_KEY[row.status]}
                          </span>
                        )}
                        {t(`attendanceStatus.${row.status ?? 'none'}`)}
                      </span>
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
                          disabled={row.status === null || readOnly}
                          aria-label={field === 'hours' ? t('rollCall.hoursFor', { name }) : t('rollCall.noteFor', { name })}
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
