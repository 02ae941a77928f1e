import { create } from 'zustand';
import type { AppErrorShape, Envelope } from '@contract/envelope';
import type { AbsenceReason, AttendanceMark, ExportedFile, AttendanceStatus, CourseSession, RollCall, RollCallRow } from '@contract/types';
import { ATTENDED_STATUSES } from '../features/attendance/format';
import { call, neo } from '../neo';

/**
 * The roll call of one session, with optimistic updates: a mark shows at once
 * and is sent straight away; if the core rejects it, the row rolls back to the
 * last value the core acknowledged and says why.
 *
 * Every call goes through one queue, so the core receives them in the order
 * they were made (IPC keeps order, but the browser harness's parallel HTTP
 * requests need not). Each row also carries a sequence number: an answer to a
 * request that a newer mark on the same row has overtaken never overwrites
 * what the screen shows.
 */

export type MarkValue = Pick<RollCallRow, 'status' | 'hours' | 'note' | 'absenceReason'>;
export type SaveState = 'idle' | 'saving' | 'saved' | 'error';

export interface RollRow extends RollCallRow {
  save: SaveState;
  /** Why the row's last change was not saved. */
  error: string | null;
}

/** One row's requested change; status null removes the mark. Hours left out take the core's default. */
export interface RowChange {
  participantId: string;
  status: AttendanceStatus | null;
  hours?: number;
  note: string | null;
  /** Only with absent or excused. */
  absenceReason?: AbsenceReason | null;
}

/** A change as it goes to the core. `undo` marks a restore, which is not itself undoable. */
export type RollAction = { kind: 'set'; changes: RowChange[]; undo?: boolean } | { kind: 'markAll' };

/** A change held back until the teacher answers a question. */
export type PendingQuestion = { kind: 'confirmFuture'; actions: RollAction[] } | { kind: 'reason'; actions: RollAction[] };

interface UndoEntry {
  id: number;
  before: { participantId: string; value: MarkValue }[];
}

interface RollCallState {
  sessionId: string | null;
  session: CourseSession | null;
  courseName: string;
  inFuture: boolean;
  rows: RollRow[];
  loading: boolean;
  loadError: string | null;
  /** Calls sent and not yet answered. */
  inFlight: number;
  lastSavedAt: Date | null;
  lastError: string | null;
  undoStack: UndoEntry[];
  question: PendingQuestion | null;
  load: (sessionId: string) => Promise<void>;
  /** A late mark needs its hours: the core refuses one without them. */
  mark: (participantId: string, status: AttendanceStatus, hours?: number) => void;
  /** The reason of an absence mark (null clears it). */
  setAbsenceReason: (participantId: string, reason: AbsenceReason | null) => void;
  setHours: (participantId: string, hours: number) => void;
  setNote: (participantId: string, note: string | null) => void;
  markAllPresent: () => void;
  undo: () => void;
  /** The answer to "the session has not been yet: record attendance anyway?". */
  answerFuture: (yes: boolean) => void;
  /** The reason for a change after sign-off; null cancels the change. */
  answerReason: (reason: string | null) => void;
  signOff: () => Promise<boolean>;
  /** A blank sign-in sheet for this session or its week, as a PDF to download. */
  signInSheet: (layout: 'session' | 'week') => Promise<Envelope<ExportedFile> | null>;
  reset: () => void;
}

const initial = {
  sessionId: null,
  session: null,
  courseName: '',
  inFuture: false,
  rows: [] as RollRow[],
  loading: false,
  loadError: null,
  inFlight: 0,
  lastSavedAt: null,
  lastError: null,
  undoStack: [] as UndoEntry[],
  question: null,
};

// Bookkeeping that no screen renders, kept outside the store so it never causes a render.
let generation = 0;
let queue: Promise<unknown> = Promise.resolve();
let nextUndoId = 1;
/** What the core last acknowledged per row: the value a rejected change rolls back to. */
let confirmed = new Map<string, MarkValue>();
/** The latest request number per row. */
let rowSeq = new Map<string, number>();
/** Sessions the teacher has already agreed to record in advance (this app run). */
const futureConfirmed = new Set<string>();

/** Runs calls one after another, in the order they were made. */
function enqueue<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

const valueOf = (row: MarkValue): MarkValue => ({ status: row.status, hours: row.hours, note: row.note, absenceReason: row.absenceReason });
const UNMARKED: MarkValue = { status: null, hours: null, note: null, absenceReason: null };
const ABSENCES: ReadonlySet<AttendanceStatus | null> = new Set(['absent', 'excused']);

/** The error text to show: the field messages when there are any, they say exactly what is wrong. */
export function errorText(error: AppErrorShape): string {
  const fields = Object.values(error.fields ?? {});
  return fields.length > 0 ? fields.join(' ') : error.message;
}

/** An answer that asks a question rather than refusing: the change waits for the teacher's answer. */
function questionOf(error: AppErrorShape): PendingQuestion['kind'] | null {
  if (error.code === 'CONFIRM_FUTURE') return 'confirmFuture';
  if (error.code === 'VALIDATION' && error.fields && 'reason' in error.fields) return 'reason';
  return null;
}

export const useRollCall = create<RollCallState>()((set, get) => {
  const patchRow = (participantId: string, patch: Partial<RollRow>) =>
    set((s) => ({ rows: s.rows.map((r) => (r.participantId === participantId ? { ...r, ...patch } : r)) }));

  const bump = (participantId: string) => {
    const seq = (rowSeq.get(participantId) ?? 0) + 1;
    rowSeq.set(participantId, seq);
    return seq;
  };
  const isLatest = (participantId: string, seq: number) => rowSeq.get(participantId) === seq;

  const ask = (kind: PendingQuestion['kind'], action: RollAction) =>
    set((s) => ({
      question: s.question?.kind === kind ? { kind, actions: [...s.question.actions, action] } : { kind, actions: [action] },
    }));

  /** Removes a rejected change from the undo entry that recorded it. */
  const forgetUndo = (undoId: number | null, participantId: string) => {
    if (undoId === null) return;
    set((s) => ({
      undoStack: s.undoStack
        .map((e) => (e.id === undoId ? { ...e, before: e.before.filter((b) => b.participantId !== participantId) } : e))
        .filter((e) => e.before.length > 0),
    }));
  };

  const displayHours = (change: RowChange, sessionHours: number): number | null => {
    if (change.status === null) return null;
    return change.hours ?? (ATTENDED_STATUSES.has(change.status) ? sessionHours : 0);
  };

  /** Decides whether a change may go out now, or must first wait for a question to be answered. */
  const run = (action: RollAction, reason?: string) => {
    const { session, inFuture } = get();
    if (!session) return;
    if (inFuture && !futureConfirmed.has(session.id)) {
      ask('confirmFuture', action);
      return;
    }
    if (session.signedOffAt !== null && reason === undefined) {
      ask('reason', action);
      return;
    }
    if (action.kind === 'set') sendChanges(session, action, reason);
    else sendMarkAll(session, reason);
  };

  const started = () => set((s) => ({ inFlight: s.inFlight + 1, lastError: null }));
  const finished = (ok: boolean) => set((s) => ({ inFlight: s.inFlight - 1, ...(ok ? { lastSavedAt: new Date() } : {}) }));

  function sendChanges(session: CourseSession, action: Extract<RollAction, { kind: 'set' }>, reason: string | undefined) {
    const gen = generation;
    const rows = get().rows;
    const changes = action.changes.filter((c) => rows.some((r) => r.participantId === c.participantId));
    if (changes.length === 0) return;
    const undoId = action.undo ? null : nextUndoId++;
    if (undoId !== null) {
      const before = changes.map((c) => ({ participantId: c.participantId, value: valueOf(rows.find((r) => r.participantId === c.participantId)!) }));
      set((s) => ({ undoStack: [...s.undoStack, { id: undoId, before }] }));
    }
    const confirmFuture = futureConfirmed.has(session.id) || undefined;
    for (const change of changes) {
      const { participantId } = change;
      const seq = bump(participantId);
      patchRow(participantId, {
        status: change.status,
        hours: displayHours(change, session.hours),
        note: change.note,
        absenceReason: change.absenceReason ?? null,
        save: 'saving',
        error: null,
      });
      started();
      void enqueue(() =>
        call<AttendanceMark>(() =>
          change.status === null
            ? neo().attendance.unmark({ sessionId: session.id, participantId, reason, confirmFuture })
            : neo().attendance.mark({
                sessionId: session.id,
                participantId,
                status: change.status,
                hours: change.hours,
                note: change.note ?? undefined,
                absenceReason: change.absenceReason ?? undefined,
                reason,
                confirmFuture,
              }),
        ),
      ).then((result) => {
        if (gen !== generation) return;
        finished(result.ok);
        if (result.ok) {
          confirmed.set(participantId, valueOf(result.value));
          if (isLatest(participantId, seq)) patchRow(participantId, { ...valueOf(result.value), save: 'saved', error: null });
          return;
        }
        forgetUndo(undoId, participantId);
        if (!isLatest(participantId, seq)) return; // a newer change on this row decides what it shows
        const rollback = confirmed.get(participantId) ?? UNMARKED;
        const question = questionOf(result.error);
        if (question) {
          patchRow(participantId, { ...rollback, save: 'idle', error: null });
          ask(question, { kind: 'set', changes: [change], undo: action.undo ?? false });
          return;
        }
        const message = errorText(result.error);
        patchRow(participantId, { ...rollback, save: 'error', error: message });
        const row = get().rows.find((r) => r.participantId === participantId);
        set({ lastError: row ? `${row.lastName}, ${row.firstName}: ${message}` : message });
      });
    }
  }

  function sendMarkAll(session: CourseSession, reason: string | undefined) {
    const gen = generation;
    // Those who gave notice of absence are left for the teacher to confirm, as the core does.
    const affected = get().rows.filter((r) => r.status === null && r.notice === null);
    if (affected.length === 0) return;
    const undoId = nextUndoId++;
    const before = affected.map((r) => ({ participantId: r.participantId, value: valueOf(r) }));
    set((s) => ({ undoStack: [...s.undoStack, { id: undoId, before }] }));
    const seqs = new Map(affected.map((r) => [r.participantId, bump(r.participantId)]));
    set((s) => ({
      rows: s.rows.map((r) =>
        seqs.has(r.participantId) ? { ...r, status: 'present' as const, hours: session.hours, absenceReason: null, save: 'saving' as const, error: null } : r,
      ),
    }));
    started();
    const confirmFuture = futureConfirmed.has(session.id) || undefined;
    void enqueue(() => call<RollCall>(() => neo().attendance.markAllPresent({ sessionId: session.id, reason, confirmFuture }))).then(
      (result: Envelope<RollCall>) => {
        if (gen !== generation) return;
        finished(result.ok);
        if (result.ok) {
          const fresh = new Map(result.value.rows.map((r) => [r.participantId, r]));
          for (const r of result.value.rows) confirmed.set(r.participantId, valueOf(r));
          set((s) => ({
            rows: s.rows.map((r) => {
              const seq = seqs.get(r.participantId);
              const server = fresh.get(r.participantId);
              return seq !== undefined && server && isLatest(r.participantId, seq) ? { ...r, ...valueOf(server), save: 'saved', error: null } : r;
            }),
          }));
          return;
        }
        set((s) => ({ undoStack: s.undoStack.filter((e) => e.id !== undoId) }));
        const question = questionOf(result.error);
        const message = errorText(result.error);
        set((s) => ({
          rows: s.rows.map((r) => {
            const seq = seqs.get(r.participantId);
            if (seq === undefined || !isLatest(r.participantId, seq)) return r;
            const rollback = confirmed.get(r.participantId) ?? UNMARKED;
            return { ...r, ...rollback, save: question ? 'idle' : 'error', error: question ? null : message };
          }),
        }));
        if (question) ask(question, { kind: 'markAll' });
        else set({ lastError: message });
      },
    );
  }

  const rowOf = (participantId: string) => get().rows.find((r) => r.participantId === participantId);

  return {
    ...initial,

    load: async (sessionId) => {
      const gen = ++generation;
      confirmed = new Map();
      rowSeq = new Map();
      set({ ...initial, sessionId, loading: true });
      // Queued behind any change still on its way, so the list read back includes it.
      const result = await enqueue(() => call(() => neo().attendance.roll({ sessionId })));
      if (gen !== generation) return;
      if (!result.ok) {
        set({ loading: false, loadError: result.error.message });
        return;
      }
      const { session, courseName, inFuture, rows } = result.value;
      for (const r of rows) confirmed.set(r.participantId, valueOf(r));
      set({ loading: false, session, courseName, inFuture, rows: rows.map((r) => ({ ...r, save: 'idle', error: null })) });
    },

    mark: (participantId, status, hours) => {
      const row = rowOf(participantId);
      if (!row) return;
      // An absence keeps its reason; one marked where a notice waits takes the notice's reason (and note, if none).
      const fromNotice = row.status === null && row.notice !== null && ABSENCES.has(status);
      const absenceReason = !ABSENCES.has(status) ? null : ABSENCES.has(row.status) ? row.absenceReason : (row.notice?.reason ?? null);
      const note = fromNotice ? (row.note ?? row.notice?.note ?? null) : row.note;
      run({ kind: 'set', changes: [{ participantId, status, note, absenceReason, ...(hours === undefined ? {} : { hours }) }] });
    },

    setAbsenceReason: (participantId, absenceReason) => {
      const row = rowOf(participantId);
      if (!row || !ABSENCES.has(row.status) || row.status === null) return;
      run({ kind: 'set', changes: [{ participantId, status: row.status, note: row.note, absenceReason }] });
    },

    setHours: (participantId, hours) => {
      const row = rowOf(participantId);
      if (!row?.status) return;
      run({ kind: 'set', changes: [{ participantId, status: row.status, hours, note: row.note, absenceReason: row.absenceReason }] });
    },

    setNote: (participantId, note) => {
      const row = rowOf(participantId);
      if (!row?.status) return;
      run({ kind: 'set', changes: [{ participantId, status: row.status, hours: row.hours ?? undefined, note, absenceReason: row.absenceReason }] });
    },

    markAllPresent: () => run({ kind: 'markAll' }),

    undo: () => {
      const { undoStack, question } = get();
      const last = undoStack[undoStack.length - 1];
      if (!last || question) return;
      set({ undoStack: undoStack.slice(0, -1) });
      run({
        kind: 'set',
        undo: true,
        changes: last.before.map(({ participantId, value }) => ({
          participantId,
          status: value.status,
          ...(value.hours === null ? {} : { hours: value.hours }),
          note: value.note,
          absenceReason: value.absenceReason,
        })),
      });
    },

    answerFuture: (yes) => {
      const { question, session } = get();
      if (question?.kind !== 'confirmFuture' || !session) return;
      set({ question: null });
      if (!yes) return;
      futureConfirmed.add(session.id);
      for (const action of question.actions) run(action);
    },

    answerReason: (reason) => {
      const { question } = get();
      if (question?.kind !== 'reason') return;
      set({ question: null });
      if (reason === null) return;
      for (const action of question.actions) run(action, reason);
    },

    signOff: async () => {
      const { session } = get();
      if (!session) return false;
      const gen = generation;
      started();
      const result = await enqueue(() => call(() => neo().attendance.signOff({ sessionId: session.id })));
      if (gen !== generation) return false;
      finished(result.ok);
      if (!result.ok) {
        set({ lastError: result.error.message });
        return false;
      }
      for (const r of result.value.rows) confirmed.set(r.participantId, valueOf(r));
      set({ session: result.value.session });
      return true;
    },

    signInSheet: async (layout) => {
      const { session } = get();
      if (!session) return null;
      const result = await call(() => neo().attendance.signInSheet({ sessionId: session.id, layout }));
      if (!result.ok) set({ lastError: result.error.message });
      return result;
    },

    reset: () => {
      generation++;
      confirmed = new Map();
      rowSeq = new Map();
      futureConfirmed.clear();
      set(initial);
    },
  };
});
