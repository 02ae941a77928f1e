import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import type { AbsenceNotice, AbsenceReason } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';
import type { SessionService } from './sessions';

/**
 * Absence told in advance: "I will miss next Tuesday, my child is ill". The
 * notice waits for that session's roll call, which shows it as a prefilled
 * mark until the teacher marks the row. A notice stays after that (the mark
 * carries the reason from then on) and goes with the person or the session:
 * the table cascades from both, so every erasure removes it.
 */
export class AbsenceNotices {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly sessions: SessionService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /** The course's notices for sessions from today on, by date then name. */
  list(courseId: string): AbsenceNotice[] {
    this.courses.facts(courseId);
    return this.sql(
      `SELECT n.id, n.session_id AS sessionId, n.participant_id AS participantId, p.first_name AS firstName, p.last_name AS lastName,
              s.date, s.start_time AS startTime, s.end_time AS endTime, n.reason, n.note
       FROM absence_notices n
       JOIN course_sessions s ON s.id = n.session_id
       JOIN participants p ON p.id = n.participant_id
       WHERE s.course_id = ? AND s.date >= ?
       ORDER BY s.date, s.start_time, p.sort_key`,
    ).all(courseId, todayInNorway(this.ctx.clock)) as AbsenceNotice[];
  }

  /** Records (or replaces) a participant's notice for a session from today on. */
  add(request: { sessionId: string; participantId: string; reason: AbsenceReason; note?: string | undefined }): AbsenceNotice {
    const session = this.sessions.row(request.sessionId);
    if (session.cancelled === 1) throw new AppError('SESSION_CANCELLED');
    if (session.date < todayInNorway(this.ctx.clock)) throw new AppError('VALIDATION', { sessionId: 'noticeInPast' });
    if (!this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(session.course_id, request.participantId)) {
      throw new AppError('NOT_ENROLLED');
    }
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO absence_notices (id, session_id, participant_id, reason, note, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (session_id, participant_id) DO UPDATE SET reason = excluded.reason, note = excluded.note, updated_at = excluded.updated_at`,
      ).run(randomUUID(), session.id, request.participantId, request.reason, request.note ?? null, now, now, this.ctx.deviceId);
      // The audit names the session and the fields, never the reason: that is about the person.
      this.audit.record({
        action: 'notice',
        entity: 'attendance',
        entityId: request.participantId,
        courseId: session.course_id,
        fields: ['reason', ...(request.note ? ['note'] : [])],
        detail: `session ${session.id}`,
      });
    })();
    return this.get(session.id, request.participantId)!;
  }

  remove(request: { sessionId: string; participantId: string }): null {
    const session = this.sessions.row(request.sessionId);
    this.ctx.db.transaction(() => {
      const gone = this.sql('DELETE FROM absence_notices WHERE session_id = ? AND participant_id = ?').run(session.id, request.participantId);
      if (gone.changes > 0) {
        this.audit.record({
          action: 'remove-notice',
          entity: 'attendance',
          entityId: request.participantId,
          courseId: session.course_id,
          detail: `session ${session.id}`,
        });
      }
    })();
    return null;
  }

  private get(sessionId: string, participantId: string): AbsenceNotice | undefined {
    return this.sql(
      `SELECT n.id, n.session_id AS sessionId, n.participant_id AS participantId, p.first_name AS firstName, p.last_name AS lastName,
              s.date, s.start_time AS startTime, s.end_time AS endTime, n.reason, n.note
       FROM absence_notices n JOIN course_sessions s ON s.id = n.session_id JOIN participants p ON p.id = n.participant_id
       WHERE n.session_id = ? AND n.participant_id = ?`,
    ).get(sessionId, participantId) as AbsenceNotice | undefined;
  }
}
