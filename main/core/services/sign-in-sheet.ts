import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';
import type { SessionService } from './sessions';
import { isoWeekday } from './sessions';

/** What a blank sign-in sheet prints: the course, its sessions (one, or a week's) and the names in roll-call order. */
export interface SignInSheetData {
  course: CourseFacts;
  layout: 'session' | 'week';
  /** Monday and Sunday of the week printed (for one session: its date twice). */
  from: string;
  to: string;
  sessions: { id: string; date: string; startTime: string; endTime: string }[];
  rows: {
    participantId: string;
    firstName: string;
    lastName: string;
    /** Aligned with sessions: they told us in advance they will not come (the reason is not printed). */
    noticed: boolean[];
  }[];
}

const addDays = (iso: string, days: number) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
};

/** The Monday of an ISO date's week (weeks start on Monday in Norway). */
export const mondayOf = (iso: string) => addDays(iso, 1 - isoWeekday(iso));

/**
 * The paper backup for a roll call: printed before class, signed by the
 * participants, typed in later. The names are the roll call's: enrolled and
 * not withdrawn before the (first) session, in the roll call's order.
 */
export class SignInSheets {
  private readonly sql;

  constructor(
    ctx: ServiceContext,
    private readonly courses: CourseService,
    private readonly sessions: SessionService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  data(sessionId: string, layout: 'session' | 'week'): SignInSheetData {
    const session = this.sessions.row(sessionId);
    const course = this.courses.facts(session.course_id);
    const from = layout === 'week' ? mondayOf(session.date) : session.date;
    const to = layout === 'week' ? addDays(from, 6) : session.date;
    const sessions =
      layout === 'week'
        ? (this.sql(
            `SELECT id, date, start_time AS startTime, end_time AS endTime FROM course_sessions
             WHERE course_id = ? AND cancelled = 0 AND date BETWEEN ? AND ? ORDER BY date, start_time`,
          ).all(session.course_id, from, to) as SignInSheetData['sessions'])
        : [{ id: session.id, date: session.date, startTime: session.start_time, endTime: session.end_time }];
    const first = sessions[0]?.date ?? session.date;
    const people = this.sql(
      `SELECT p.id AS participantId, p.first_name AS firstName, p.last_name AS lastName
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ? AND (e.withdrawn_on IS NULL OR e.withdrawn_on > ?)
       ORDER BY p.sort_key`,
    ).all(session.course_id, first) as Omit<SignInSheetData['rows'][number], 'noticed'>[];
    const notices = new Set(
      (
        this.sql(
          `SELECT n.participant_id || '/' || n.session_id FROM absence_notices n
           WHERE n.session_id IN (SELECT value FROM json_each(?))`,
        )
          .pluck()
          .all(JSON.stringify(sessions.map((s) => s.id))) as string[]
      ),
    );
    return {
      course,
      layout,
      from,
      to,
      sessions,
      rows: people.map((p) => ({ ...p, noticed: sessions.map((s) => notices.has(`${p.participantId}/${s.id}`)) })),
    };
  }
}
