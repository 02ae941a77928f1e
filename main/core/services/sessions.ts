import { randomUUID } from 'node:crypto';
import { isoNow } from '../clock';
import { AppError } from '../errors';
import type { CourseSession, SessionPlan } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';

export interface SessionRow {
  id: string;
  course_id: string;
  date: string;
  start_time: string;
  end_time: string;
  hours: number;
  cancelled: 0 | 1;
  signed_off_at: string | null;
  signed_off_by: string | null;
  cancel_reason: string | null;
  /** Counted by the queries that need it; not a column. */
  marked_count: number;
}

const toSession = (row: SessionRow): CourseSession => ({
  id: row.id,
  courseId: row.course_id,
  date: row.date,
  startTime: row.start_time,
  endTime: row.end_time,
  hours: row.hours,
  cancelled: row.cancelled === 1,
  signedOffAt: row.signed_off_at,
  signedOffBy: row.signed_off_by,
  cancelReason: row.cancel_reason,
  markedCount: row.marked_count,
});

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** 60-minute hours between two times of day, to two decimals (09:00–11:30 is 2.5). */
export const hoursBetween = (start: string, end: string) => Math.round(((minutes(end) - minutes(start)) / 60) * 100) / 100;

/** ISO weekday (1 = Monday … 7 = Sunday) of an ISO date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Every ISO date from start to end, inclusive. */
function* datesBetween(start: string, end: string): Generator<string> {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  for (let t = Date.UTC(y, m - 1, d); ; t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (date > end) return;
    yield date;
  }
}

const SELECT = `
  SELECT s.*, (SELECT count(*) FROM attendance_marks m WHERE m.session_id = s.id) AS marked_count
  FROM course_sessions s`;

/** Sessions (økter) of a course: generated from a weekly pattern, added, moved or cancelled one by one. */
export class SessionService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  plan(courseId: string): SessionPlan {
    const course = this.courses.facts(courseId);
    const sessions = (this.sql(`${SELECT} WHERE s.course_id = ? ORDER BY s.date, s.start_time`).all(courseId) as SessionRow[]).map(
      toSession,
    );
    const sessionHours = Math.round(sessions.filter((s) => !s.cancelled).reduce((sum, s) => sum + s.hours, 0) * 100) / 100;
    return { sessions, sessionHours, coursePlannedHours: course.plannedHours, differs: sessionHours !== course.plannedHours };
  }

  get(sessionId: string): CourseSession {
    const row = this.sql(`${SELECT} WHERE s.id = ?`).get(sessionId) as SessionRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return toSession(row);
  }

  /** The stored row, without the mark count: this is on the roll-call hot path. */
  row(sessionId: string): Omit<SessionRow, 'marked_count'> {
    const row = this.sql('SELECT * FROM course_sessions WHERE id = ?').get(sessionId) as Omit<SessionRow, 'marked_count'> | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** Creates a session on each chosen weekday in the course period, skipping ones that already exist. */
  generate(courseId: string, weekdays: number[], startTime: string, endTime: string): SessionPlan {
    const course = this.courses.facts(courseId);
    const wanted = new Set(weekdays);
    const exists = this.sql('SELECT 1 FROM course_sessions WHERE course_id = ? AND date = ? AND start_time = ?');
    this.ctx.db.transaction(() => {
      for (const date of datesBetween(course.startDate, course.endDate)) {
        if (wanted.has(isoWeekday(date)) && !exists.get(courseId, date, startTime)) {
          this.insert(courseId, date, startTime, endTime);
        }
      }
    })();
    return this.plan(courseId);
  }

  add(courseId: string, date: string, startTime: string, endTime: string): CourseSession {
    const course = this.courses.facts(courseId);
    if (date < course.startDate || date > course.endDate) throw new AppError('VALIDATION', { date: 'sessionOutsideCourse' });
    let id = '';
    this.ctx.db.transaction(() => {
      id = this.insert(courseId, date, startTime, endTime);
    })();
    return this.get(id);
  }

  move(sessionId: string, date: string, startTime: string, endTime: string): CourseSession {
    const session = this.row(sessionId);
    const course = this.courses.facts(session.course_id);
    if (date < course.startDate || date > course.endDate) throw new AppError('VALIDATION', { date: 'sessionOutsideCourse' });
    this.ctx.db.transaction(() => {
      this.sql('UPDATE course_sessions SET date = ?, start_time = ?, end_time = ?, hours = ?, updated_at = ? WHERE id = ?').run(
        date,
        startTime,
        endTime,
        hoursBetween(startTime, endTime),
        isoNow(this.ctx.clock),
        sessionId,
      );
      this.audit.record({
        action: 'update',
        entity: 'session',
        entityId: sessionId,
        courseId: session.course_id,
        fields: ['date', 'start_time', 'end_time'],
      });
    })();
    return this.get(sessionId);
  }

  /**
   * Cancelled sessions keep their marks but count neither toward planned nor
   * attended hours. Once a session's list is signed off, cancelling or
   * restoring it changes everyone's signed totals, so, like any change after
   * sign-off, it needs a reason. The reason is kept on the session (it is free
   * text and may name someone); the audit log records only that one was given.
   */
  setCancelled(sessionId: string, cancelled: boolean, reason?: string): CourseSession {
    const session = this.row(sessionId);
    if ((session.cancelled === 1) === cancelled) return this.get(sessionId);
    const signedOff = session.signed_off_at !== null;
    if (signedOff && !reason) throw new AppError('VALIDATION', { reason: 'cancelReasonRequired' });
    this.ctx.db.transaction(() => {
      this.sql('UPDATE course_sessions SET cancelled = ?, cancel_reason = ?, updated_at = ? WHERE id = ?').run(
        cancelled ? 1 : 0,
        reason ?? null,
        isoNow(this.ctx.clock),
        sessionId,
      );
      this.audit.record({
        action: cancelled ? 'cancel' : 'restore',
        entity: 'session',
        entityId: sessionId,
        courseId: session.course_id,
        fields: reason ? ['cancelled', 'cancel_reason'] : ['cancelled'],
        detail: signedOff ? 'after sign-off; reason given' : undefined,
      });
    })();
    return this.get(sessionId);
  }

  private insert(courseId: string, date: string, startTime: string, endTime: string): string {
    const id = randomUUID();
    const now = isoNow(this.ctx.clock);
    this.sql(
      `INSERT INTO course_sessions (id, course_id, date, start_time, end_time, hours, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, courseId, date, startTime, endTime, hoursBetween(startTime, endTime), now, now, this.ctx.deviceId);
    this.audit.record({ action: 'create', entity: 'session', entityId: id, courseId });
    return id;
  }
}
