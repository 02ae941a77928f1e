import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import type {
  AbsenceReason,
  AttendanceFlag,
  AttendanceMark,
  AttendanceOverview,
  AttendanceStatus,
  ParticipantAttendance,
  RollCall,
  RollCallRow,
} from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';
import { forecast } from './forecast';
import { RESTRICTED_SQL } from './participants';
import type { SessionRow as SessionRowWithCount, SessionService } from './sessions';

type SessionRow = Omit<SessionRowWithCount, 'marked_count'>;

export interface MarkRequest {
  sessionId: string;
  participantId: string;
  status: AttendanceStatus;
  hours?: number | undefined;
  note?: string | undefined;
  absenceReason?: AbsenceReason | undefined;
  reason?: string | undefined;
  confirmFuture?: boolean | undefined;
}

/** Participants at most this many percentage points above the requirement are flagged as near it. */
export const NEAR_MARGIN = 0.05;

const ATTENDED: ReadonlySet<AttendanceStatus> = new Set(['present', 'late']);

/** The statuses' first letters are distinct; the overview query packs them so. */
const STATUS_BY_LETTER: Record<string, AttendanceStatus> = { p: 'present', a: 'absent', l: 'late', e: 'excused' };

interface MarkRow {
  status: AttendanceStatus;
  hours: number;
  note: string | null;
  absenceReason: AbsenceReason | null;
}

const ABSENT: ReadonlySet<AttendanceStatus> = new Set(['absent', 'excused']);

const round2 = (n: number) => Math.round(n * 100) / 100;

export function flagFor(rate: number | null, required: number): AttendanceFlag {
  if (rate === null) return null;
  if (rate < required) return 'below';
  // Inclusive: exactly 5 points above the requirement is still "near" (1e-9 absorbs float error).
  return rate <= required + NEAR_MARGIN + 1e-9 ? 'near' : null;
}

/**
 * Roll call, sign-off and overviews. Every mark is its own durable transaction
 * (the database runs with synchronous=FULL), so a mark acknowledged to the
 * renderer survives the app being killed.
 */
export class AttendanceService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly sessions: SessionService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  roll(sessionId: string): RollCall {
    const session = this.sessions.get(sessionId);
    const course = this.courses.facts(session.courseId);
    // Someone who withdrew leaves the roll calls from that day on, and stays in the earlier ones (and in any they were marked in).
    const rows = (
      this.sql(
        `SELECT p.id AS participantId, p.first_name AS firstName, p.last_name AS lastName,
                m.status AS status, m.hours AS hours, m.note AS note, m.absence_reason AS absenceReason,
                n.reason AS noticeReason, n.note AS noticeNote, ${RESTRICTED_SQL('p.id')} AS restricted,
                e.withdrawn_on AS withdrawnOn
         FROM participant_enrollments e
         JOIN participants p ON p.id = e.participant_id
         LEFT JOIN attendance_marks m ON m.session_id = @sessionId AND m.participant_id = p.id
         LEFT JOIN absence_notices n ON n.session_id = @sessionId AND n.participant_id = p.id
         WHERE e.course_id = @courseId AND (e.withdrawn_on IS NULL OR e.withdrawn_on > @date OR m.id IS NOT NULL)
         ORDER BY p.sort_key`,
      ).all({ sessionId, courseId: session.courseId, date: session.date }) as (Omit<RollCallRow, 'restricted' | 'notice'> & {
        restricted: 0 | 1;
        noticeReason: AbsenceReason | null;
        noticeNote: string | null;
      })[]
    ).map(({ noticeReason, noticeNote, ...row }) => ({
      ...row,
      restricted: row.restricted === 1,
      notice: noticeReason === null ? null : { reason: noticeReason, note: noticeNote },
    }));
    return { session, courseName: course.name, inFuture: session.date > todayInNorway(this.ctx.clock), rows };
  }

  mark(request: MarkRequest): AttendanceMark {
    const session = this.sessions.row(request.sessionId);
    this.checkWritable(session, request);
    this.checkEnrolled(session.course_id, request.participantId);
    const hours = this.hoursFor(session, request.status, request.hours);
    const absenceReason = request.absenceReason ?? null;
    if (absenceReason !== null && !ABSENT.has(request.status)) throw new AppError('VALIDATION', { absenceReason: 'absenceReasonOnlyForAbsence' });
    const mark = { status: request.status, hours, note: request.note ?? null, absenceReason };
    this.ctx.db.transaction(() => this.write(session, request.participantId, mark, request.reason))();
    return { sessionId: session.id, participantId: request.participantId, ...mark };
  }

  unmark(request: { sessionId: string; participantId: string; reason?: string | undefined; confirmFuture?: boolean | undefined }): AttendanceMark {
    const session = this.sessions.row(request.sessionId);
    this.checkWritable(session, request);
    this.checkEnrolled(session.course_id, request.participantId);
    this.ctx.db.transaction(() => {
      const before = this.markOf(session.id, request.participantId);
      if (!before) return;
      this.sql('DELETE FROM attendance_marks WHERE session_id = ? AND participant_id = ?').run(session.id, request.participantId);
      this.audit.record({
        action: 'unmark',
        entity: 'attendance',
        entityId: request.participantId,
        courseId: session.course_id,
        fields: ['status', 'hours', 'note', ...(before.absenceReason === null ? [] : ['absenceReason'])],
        detail: describeChange(before.status, null, session, this.keepReason(session, request.participantId, request.reason)),
      });
    })();
    return { sessionId: session.id, participantId: request.participantId, status: null, hours: null, note: null, absenceReason: null };
  }

  /**
   * "All present": marks everyone not yet marked as present, leaving existing marks alone,
   * and leaving out those who gave notice of absence: the teacher confirms those one by one.
   */
  markAllPresent(request: { sessionId: string; reason?: string | undefined; confirmFuture?: boolean | undefined }): RollCall {
    const session = this.sessions.row(request.sessionId);
    this.checkWritable(session, request);
    const unmarked = this.sql(
      `SELECT e.participant_id AS id FROM participant_enrollments e
       LEFT JOIN attendance_marks m ON m.session_id = @sessionId AND m.participant_id = e.participant_id
       WHERE e.course_id = @courseId AND m.id IS NULL AND (e.withdrawn_on IS NULL OR e.withdrawn_on > @date)
         AND NOT EXISTS (SELECT 1 FROM absence_notices n WHERE n.session_id = @sessionId AND n.participant_id = e.participant_id)`,
    ).all({ sessionId: session.id, courseId: session.course_id, date: session.date }) as { id: string }[];
    const present = { status: 'present' as const, hours: session.hours, note: null, absenceReason: null };
    this.ctx.db.transaction(() => {
      for (const { id } of unmarked) this.write(session, id, present, request.reason);
    })();
    return this.roll(session.id);
  }

  signOff(sessionId: string): RollCall {
    const session = this.sessions.row(sessionId);
    if (session.cancelled === 1) throw new AppError('SESSION_CANCELLED');
    if (session.signed_off_at === null) {
      this.ctx.db.transaction(() => {
        this.sql('UPDATE course_sessions SET signed_off_at = ?, signed_off_by = ?, updated_at = ? WHERE id = ?').run(
          isoNow(this.ctx.clock),
          this.ctx.actorId,
          isoNow(this.ctx.clock),
          sessionId,
        );
        this.audit.record({ action: 'sign-off', entity: 'session', entityId: sessionId, courseId: session.course_id });
      })();
    }
    return this.roll(sessionId);
  }

  /** Participants × sessions with hours, rate against the hours held so far, and flags. */
  overview(courseId: string): AttendanceOverview {
    const course = this.courses.facts(courseId);
    const today = todayInNorway(this.ctx.clock);
    const required = course.requiredAttendancePercent / 100;
    const sessions = this.sql(
      `SELECT id, date, start_time AS startTime, end_time AS endTime, hours, signed_off_at AS signedOffAt
       FROM course_sessions WHERE course_id = ? AND cancelled = 0 ORDER BY date, start_time`,
    ).all(courseId) as Omit<AttendanceOverview['sessions'][number], 'missingRollCall'>[];
    const held = sessions.map((s) => s.date <= today);
    const plannedHours = sessions.reduce((sum, s) => sum + s.hours, 0);
    const heldHours = round2(sessions.reduce((sum, s, i) => (held[i] ? sum + s.hours : sum), 0));

    const participants = this.sql(
      `SELECT p.id, p.first_name, p.last_name, substr(p.birth_date, 1, 4) AS birth_year, e.withdrawn_on
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ? ORDER BY p.sort_key`,
    )
      .raw()
      .all(courseId) as [string, string, string, string, string | null][];
    const rowIndex = new Map(participants.map(([id], i) => [id, i]));
    const statuses = participants.map(() => new Array<AttendanceStatus | null>(sessions.length).fill(null));
    const lateAtFullHours = participants.map((): number[] => []);
    const hours = new Float64Array(participants.length);
    /** All marked hours, future marks included: the forecast counts against every planned session. */
    const hoursAll = new Float64Array(participants.length);
    const markedColumns = new Set<number>();

    // One row per participant with all their marks packed as "<column><status letter><hours>,…":
    // building 200 strings in SQLite is far cheaper than 12,000 rows of ids in JavaScript.
    const packed = this.sql(
      `WITH columns AS (
         SELECT id, row_number() OVER (ORDER BY date, start_time) - 1 AS col
         FROM course_sessions WHERE course_id = ? AND cancelled = 0)
       SELECT m.participant_id, group_concat(columns.col || substr(m.status, 1, 1) || m.hours, ',')
       FROM columns JOIN attendance_marks m ON m.session_id = columns.id
       GROUP BY m.participant_id`,
    )
      .raw()
      .all(courseId) as [string, string][];
    for (const [participantId, cells] of packed) {
      const r = rowIndex.get(participantId);
      for (const cell of cells.split(',')) {
        const letterAt = cell.search(/[a-z]/);
        const c = Number(cell.slice(0, letterAt));
        markedColumns.add(c);
        if (r === undefined) continue; // marks of someone no longer enrolled
        const status = STATUS_BY_LETTER[cell[letterAt]!]!;
        const cellHours = Number(cell.slice(letterAt + 1));
        statuses[r]![c] = status;
        if (status === 'late' && cellHours >= sessions[c]!.hours) lateAtFullHours[r]!.push(c);
        if (held[c]) hours[r] = hours[r]! + cellHours;
        hoursAll[r] = hoursAll[r]! + cellHours;
      }
    }

    // Absence notices close a session for the forecast: the person has said they will not come.
    const columnOf = new Map(sessions.map((s, c) => [s.id, c]));
    const noticed = new Set(
      (
        this.sql(
          `SELECT n.participant_id, n.session_id FROM absence_notices n JOIN course_sessions s ON s.id = n.session_id
           WHERE s.course_id = ? AND s.cancelled = 0`,
        )
          .raw()
          .all(courseId) as [string, string][]
      ).map(([participantId, sessionId]) => `${rowIndex.get(participantId)}:${columnOf.get(sessionId)}`),
    );
    const forecastOf = (r: number, withdrawnOn: string | null) => {
      const openHours: number[] = [];
      sessions.forEach((s, c) => {
        // Open: not marked yet, no notice, and not from the day they withdrew.
        if (statuses[r]![c] === null && !noticed.has(`${r}:${c}`) && (withdrawnOn === null || s.date < withdrawnOn)) openHours.push(s.hours);
      });
      return forecast({ requiredPercent: course.requiredAttendancePercent, plannedHours, attendedHours: hoursAll[r]!, openHours });
    };

    return {
      courseId,
      requiredRate: required,
      sessions: sessions.map((s, c) => ({ ...s, missingRollCall: s.date < today && !markedColumns.has(c) })),
      heldHours,
      rows: participants.map(([participantId, firstName, lastName, birthYear, withdrawnOn], r) => {
        const rate = heldHours > 0 ? hours[r]! / heldHours : null;
        return {
          participantId,
          firstName,
          lastName,
          birthYear: Number(birthYear),
          statuses: statuses[r]!,
          hoursAttended: round2(hours[r]!),
          rate,
          flag: flagFor(rate, required),
          lateAtFullHours: lateAtFullHours[r]!.sort((a, b) => a - b),
          forecast: forecastOf(r, withdrawnOn),
        };
      }),
    };
  }

  /** Every session of the course for one participant, with status and hours. */
  participant(courseId: string, participantId: string): ParticipantAttendance {
    this.checkEnrolled(courseId, participantId);
    const person = this.sql('SELECT first_name, last_name FROM participants WHERE id = ?').get(participantId) as {
      first_name: string;
      last_name: string;
    };
    const today = todayInNorway(this.ctx.clock);
    const rows = this.sql(
      `SELECT s.id AS sessionId, s.date, s.hours, s.cancelled, m.status, m.hours AS hoursAttended, m.note
       FROM course_sessions s LEFT JOIN attendance_marks m ON m.session_id = s.id AND m.participant_id = ?
       WHERE s.course_id = ? ORDER BY s.date, s.start_time`,
    ).all(participantId, courseId) as (Omit<ParticipantAttendance['sessions'][number], 'cancelled'> & { cancelled: 0 | 1 })[];
    const counted = rows.filter((r) => r.cancelled === 0 && r.date <= today);
    const heldHours = counted.reduce((sum, r) => sum + r.hours, 0);
    const attended = counted.reduce((sum, r) => sum + (r.hoursAttended ?? 0), 0);
    return {
      participantId,
      firstName: person.first_name,
      lastName: person.last_name,
      sessions: rows.map((r) => ({ ...r, cancelled: r.cancelled === 1 })),
      hoursAttended: round2(attended),
      rate: heldHours > 0 ? attended / heldHours : null,
    };
  }

  // ---------- helpers ----------

  private checkWritable(session: SessionRow, request: { reason?: string | undefined; confirmFuture?: boolean | undefined }) {
    if (session.cancelled === 1) throw new AppError('SESSION_CANCELLED');
    if (session.date > todayInNorway(this.ctx.clock) && request.confirmFuture !== true) throw new AppError('CONFIRM_FUTURE');
    if (session.signed_off_at !== null && !request.reason) throw new AppError('VALIDATION', { reason: 'reasonRequired' });
  }

  private checkEnrolled(courseId: string, participantId: string) {
    if (!this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, participantId)) {
      throw new AppError('NOT_ENROLLED');
    }
  }

  private hoursFor(session: SessionRow, status: AttendanceStatus, given: number | undefined): number {
    // Late never silently counts as the whole session: the teacher says how much of it.
    if (given === undefined && status === 'late') throw new AppError('VALIDATION', { hours: 'lateHoursRequired' });
    if (given === undefined) return status === 'present' ? session.hours : 0;
    if (given > session.hours) throw new AppError('VALIDATION', { hours: 'hoursAboveSession' });
    if (!ATTENDED.has(status) && given > 0) throw new AppError('VALIDATION', { hours: 'hoursWhenAbsent' });
    return given;
  }

  private markOf(sessionId: string, participantId: string): MarkRow | undefined {
    return this.sql('SELECT status, hours, note, absence_reason AS absenceReason FROM attendance_marks WHERE session_id = ? AND participant_id = ?').get(
      sessionId,
      participantId,
    ) as MarkRow | undefined;
  }

  /** Upserts one mark and its audit entry; the caller holds the transaction. */
  private write(session: SessionRow, participantId: string, mark: MarkRow, reason: string | undefined) {
    const { status, hours, note, absenceReason } = mark;
    const before = this.markOf(session.id, participantId);
    const now = isoNow(this.ctx.clock);
    this.sql(
      `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, note, absence_reason, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (session_id, participant_id)
       DO UPDATE SET status = excluded.status, hours = excluded.hours, note = excluded.note, absence_reason = excluded.absence_reason,
                     updated_at = excluded.updated_at`,
    ).run(randomUUID(), session.id, participantId, status, hours, note, absenceReason, now, now, this.ctx.deviceId);
    const fields = before
      ? (['status', 'hours', 'note', 'absenceReason'] as const).filter((f) => before[f] !== mark[f])
      : ['status', 'hours', ...(note === null ? [] : ['note']), ...(absenceReason === null ? [] : ['absenceReason'])];
    this.audit.record({
      action: 'mark',
      entity: 'attendance',
      entityId: participantId,
      courseId: session.course_id,
      fields,
      detail: describeChange(before?.status ?? null, status, session, this.keepReason(session, participantId, reason)),
    });
  }

  /**
   * Stores the reason for a change after sign-off with the person it is about
   * (attendance_change_reasons, erased with them): it is free text and may
   * name someone. Returns whether one was stored, for the audit entry.
   */
  private keepReason(session: SessionRow, participantId: string, reason: string | undefined): boolean {
    if (session.signed_off_at === null || !reason) return false;
    const now = isoNow(this.ctx.clock);
    this.sql(
      `INSERT INTO attendance_change_reasons (id, session_id, participant_id, reason, at, actor_id, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(randomUUID(), session.id, participantId, reason, now, this.ctx.actorId, now, now, this.ctx.deviceId);
    return true;
  }
}

/** "session <id>: absent→late", and "reason given" after sign-off: never the reason itself, which goes with the person. */
function describeChange(from: AttendanceStatus | null, to: AttendanceStatus | null, session: SessionRow, reasonGiven: boolean) {
  const change = `session ${session.id}: ${from ?? '–'}→${to ?? '–'}`;
  return reasonGiven ? `${change}; reason given` : change;
}
