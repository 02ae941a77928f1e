import { formatNorwegianDate, formatNorwegianTime } from '../../contract/formats';
import { registersEmployer } from '../../contract/schemas';
import type { AttendanceStatus, CourseSession } from '../../contract/types';
import { csvNumber, excelCsv } from '../csv';
import type { AttendanceService } from './attendance';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';
import { RESTRICTED_SQL } from './participants';

/** Everything an attendance list shows, for CSV and PDF alike. */
export interface AttendanceListData {
  course: CourseFacts;
  sessions: Pick<CourseSession, 'id' | 'date' | 'startTime' | 'endTime' | 'hours' | 'signedOffAt'>[];
  heldHours: number;
  requiredRate: number;
  /**
   * Whether the list has an employer column: on the course types where
   * employers register their staff, and on any other course where someone
   * listed has an employer on their enrollment (a merged batch can leave a
   * course so).
   */
  showsEmployer: boolean;
  rows: {
    participantId: string;
    firstName: string;
    lastName: string;
    birthYear: number;
    /** The employer that registered them for this course, if any. */
    employerName: string | null;
    /** Aligned with sessions. */
    marks: ({ status: AttendanceStatus; hours: number } | null)[];
    hoursAttended: number;
    rate: number | null;
  }[];
  totals: { perSession: number[]; hours: number };
}

export const STATUS_SYMBOL: Record<AttendanceStatus, string> = { present: 'M', late: 'F', absent: 'I', excused: 'G' };
const STATUS_WORD: Record<AttendanceStatus, string> = {
  present: 'Møtt',
  late: 'Forsinket',
  absent: 'Ikke møtt',
  excused: 'Gyldig fravær',
};

const nb = new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 });
export const formatHours = (hours: number) => nb.format(hours);
export const formatPercent = (rate: number | null) => (rate === null ? '–' : `${Math.round(rate * 100)} %`);

/** Builds attendance lists: the data, a CSV for Excel, and (via pdf/) a printable PDF. */
export class AttendanceExport {
  private readonly sql;

  constructor(
    ctx: ServiceContext,
    private readonly courses: CourseService,
    private readonly attendance: AttendanceService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  data(courseId: string): AttendanceListData {
    const course = this.courses.facts(courseId);
    const overview = this.attendance.overview(courseId);
    const hoursByCell = new Map<string, number>();
    const marks = this.sql(
      `SELECT m.participant_id, m.session_id, m.hours FROM attendance_marks m
       JOIN course_sessions s ON s.id = m.session_id WHERE s.course_id = ? AND s.cancelled = 0`,
    )
      .raw()
      .all(courseId) as [string, string, number][];
    for (const [participantId, sessionId, hours] of marks) hoursByCell.set(`${participantId}/${sessionId}`, hours);
    const enrollments = this.sql(
      `SELECT e.participant_id, e.employer_name, ${RESTRICTED_SQL('e.participant_id')} FROM participant_enrollments e WHERE e.course_id = ?`,
    )
      .raw()
      .all(courseId) as [string, string | null, 0 | 1][];
    // Someone whose processing is restricted or who objected is kept, but never handed on in a list (GDPR art. 18, 21).
    const restricted = new Set(enrollments.filter(([, , isRestricted]) => isRestricted === 1).map(([id]) => id));
    const employerOf = new Map(enrollments.map(([id, employerName]) => [id, employerName]));

    const rows = overview.rows.filter((row) => !restricted.has(row.participantId)).map((row) => ({
      participantId: row.participantId,
      firstName: row.firstName,
      lastName: row.lastName,
      birthYear: row.birthYear,
      employerName: employerOf.get(row.participantId) ?? null,
      marks: overview.sessions.map((s, i) => {
        const status = row.statuses[i];
        return status ? { status, hours: hoursByCell.get(`${row.participantId}/${s.id}`) ?? 0 } : null;
      }),
      hoursAttended: row.hoursAttended,
      rate: row.rate,
    }));
    const perSession = overview.sessions.map((_, i) => rows.reduce((sum, r) => sum + (r.marks[i]?.hours ?? 0), 0));
    return {
      course,
      sessions: overview.sessions,
      heldHours: overview.heldHours,
      requiredRate: overview.requiredRate,
      // Decided by the people on the list only, so a restricted person's employer never shows as an empty column.
      showsEmployer: registersEmployer(course.type) || rows.some((row) => row.employerName !== null),
      rows,
      totals: { perSession, hours: rows.reduce((sum, r) => sum + r.hoursAttended, 0) },
    };
  }

  /**
   * For Excel (see excelCsv: semicolons, decimal comma). Each session has a
   * status column and an hours column, so the hours are numbers Excel can sum;
   * the attendance rate is a number of percent. Times are written as the app
   * writes them (17.30). A session without a mark for someone leaves both cells empty.
   * Courses with employers have an Arbeidsgiver column after the names; other
   * courses' files keep the columns they always had.
   */
  csv(data: AttendanceListData): string {
    const session = (s: AttendanceListData['sessions'][number]) =>
      `${formatNorwegianDate(s.date)} ${formatNorwegianTime(s.startTime)}–${formatNorwegianTime(s.endTime)}` +
      ` (${formatHours(s.hours)} t)${s.signedOffAt ? '' : ' ikke signert'}`;
    /** The employer column's cell, or no cell at all on a course without employers. */
    const employer = (cell: string) => (data.showsEmployer ? [cell] : []);
    const records: string[][] = [
      ['Kurs', data.course.name],
      ['Sted', data.course.place],
      ['Periode', `${formatNorwegianDate(data.course.startDate)}–${formatNorwegianDate(data.course.endDate)}`],
      [],
      ['Etternavn', 'Fornavn', ...employer('Arbeidsgiver'), 'Fødselsår', ...data.sessions.flatMap((s) => [`${session(s)} status`, `${session(s)} timer`]), 'Timer totalt', 'Oppmøte (%)'],
      ...data.rows.map((row) => [
        row.lastName,
        row.firstName,
        ...employer(row.employerName ?? ''),
        String(row.birthYear),
        ...row.marks.flatMap((m) => (m ? [STATUS_WORD[m.status], csvNumber(m.hours)] : ['', ''])),
        csvNumber(row.hoursAttended),
        row.rate === null ? '' : csvNumber(Math.round(row.rate * 100)),
      ]),
      ['Sum', '', ...employer(''), '', ...data.totals.perSession.flatMap((hours) => ['', csvNumber(hours)]), csvNumber(data.totals.hours), ''],
    ];
    return excelCsv(records);
  }
}

/** "Oppmøteliste – Fagbrev i helsefag.csv", without characters file systems refuse. */
export const exportFileName = (courseName: string, extension: string) =>
  `Oppmøteliste – ${courseName.replace(/[\\/:*?"<>|]/g, '-')}.${extension}`;
