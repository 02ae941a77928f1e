import { isoNow, todayInNorway } from '../clock';
import { AppError, fieldError } from '../errors';
import type { Language } from '../../contract/messages';
import type { WithdrawalReason, RequestChannel, RequestKind, RequestStatus } from '../../contract/privacy-schemas';
import type {
  AbsenceReason,
  AttendanceStatus,
  ConsentEventMethod,
  CourseRetention,
  CourseType,
  DisclosureKind,
  DisclosureRecipient,
  Gender,
  PostalAddress,
  ProcessingController,
  RegistrationSource,
  StaffRole,
} from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';
import type { Disclosures } from './disclosures';
import { RESTRICTED_SQL } from './participants';
import { groupCode } from './certificates';

/**
 * The access report (innsyn, GDPR art. 15): everything the app holds about one
 * person, and nothing about anyone else. The same data gives the JSON file and
 * the PDF (pdf/access-report.tsx). Values are codes and ISO dates; the PDF
 * words them. Staff appear only by role, never by name or id.
 */
export interface AccessReport {
  format: 'neo-kurs/access-report';
  version: 1;
  generatedAt: string;
  /** The language the PDF is written in (the app's language). */
  language: Language;
  /** Who holds the data and how to reach them; null until the record of processing is filled in. */
  controller: ProcessingController | null;
  person: {
    id: string;
    firstName: string;
    lastName: string;
    birthDate: string;
    email: string | null;
    mobile: string | null;
    gender: Gender;
    address: PostalAddress | null;
    interests: string | null;
    /** The current answer; its history is in `consents`. */
    consentToKeepAfterCourse: boolean;
    /** Processing is restricted or objected to (an open request). */
    restricted: boolean;
    createdAt: string;
    updatedAt: string;
  };
  courses: {
    id: string;
    name: string;
    type: CourseType;
    place: string;
    startDate: string;
    endDate: string;
    enrolledAt: string;
    source: RegistrationSource;
    employerName: string | null;
    withdrawnOn: string | null;
    withdrawalReason: WithdrawalReason | null;
    /** When the course's personal data is deleted. */
    retention: CourseRetention;
  }[];
  attendance: {
    courseId: string;
    courseName: string;
    /** Sessions held so far and any other session with a mark, in date order. */
    sessions: {
      date: string;
      startTime: string;
      endTime: string;
      hours: number;
      cancelled: boolean;
      status: AttendanceStatus | null;
      hoursAttended: number | null;
      note: string | null;
      absenceReason: AbsenceReason | null;
    }[];
    /** Absence the person told of in advance, with the reason and note. */
    notices: { date: string; startTime: string; endTime: string; reason: AbsenceReason; note: string | null }[];
    hoursAttended: number;
    /** Reasons given for changes after a list was signed off (free text about the person). */
    changeReasons: { sessionDate: string | null; reason: string; at: string }[];
  }[];
  certificates: {
    number: string;
    verificationCode: string;
    courseId: string;
    courseName: string;
    issuedAt: string;
    language: 'nb' | 'en';
    status: 'valid' | 'replaced';
    hoursAttended: number | null;
    /** Why it was issued without the requirements being met, or why it replaced another. */
    overrideReason: string | null;
    replaceReason: string | null;
  }[];
  consents: { kind: 'given' | 'withdrawn'; method: ConsentEventMethod | null; at: string; recordedByRole: StaffRole | null }[];
  requests: {
    kind: RequestKind;
    channel: RequestChannel;
    receivedOn: string;
    dueOn: string;
    status: RequestStatus;
    resolvedAt: string | null;
    note: string | null;
  }[];
  disclosures: { kind: DisclosureKind; recipient: DisclosureRecipient; at: string; course: { id: string; name: string } | null }[];
  auditEvents: {
    at: string;
    action: string;
    entity: string;
    role: StaffRole | null;
    course: { id: string; name: string } | null;
    /** Names of the fields that changed (column names), never their values. */
    fields: string[];
    /** An attendance change: the session's date and the statuses before and after. */
    change: { sessionDate: string | null; from: AttendanceStatus | null; to: AttendanceStatus | null } | null;
    /** A reason was given (it is listed with the person's data, never in the log). */
    reasonGiven: boolean;
  }[];
}

interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  email: string | null;
  mobile: string | null;
  gender: Gender;
  address_street: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  interests: string | null;
  consent_keep: 0 | 1;
  restricted: 0 | 1;
  created_at: string;
  updated_at: string;
}

const STATUSES: ReadonlySet<string> = new Set(['present', 'absent', 'late', 'excused']);
const statusOf = (text: string | undefined): AttendanceStatus | null => (text && STATUSES.has(text) ? (text as AttendanceStatus) : null);
const ROLES: ReadonlySet<string> = new Set(['teacher', 'coordinator']);
const roleOf = (role: string | null | undefined): StaffRole | null => (role && ROLES.has(role) ? (role as StaffRole) : null);

/** "session <id>: absent→late; reason given": the change, read without ever passing the free text on. */
const ATTENDANCE_DETAIL = /^session ([0-9a-f-]+): (\S+?)→(\S+?)(?:;|$)/;

const round2 = (n: number) => Math.round(n * 100) / 100;

export class AccessReports {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly disclosures: Disclosures,
    private readonly controller: () => ProcessingController | null,
    private readonly language: () => Language,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /**
   * Everything held about the person, read in one transaction so the sections
   * agree. `requestId`, when given, must be an open access request from them.
   */
  build(participantId: string, requestId?: string): AccessReport {
    return this.ctx.db.transaction(() => {
      const row = this.sql(`SELECT *, ${RESTRICTED_SQL('participants.id')} AS restricted FROM participants WHERE id = ?`).get(participantId) as
        | PersonRow
        | undefined;
      if (!row) throw new AppError('NOT_FOUND');
      if (requestId !== undefined) this.checkRequest(participantId, requestId);
      const courses = this.coursesOf(participantId);
      return {
        format: 'neo-kurs/access-report' as const,
        version: 1 as const,
        generatedAt: isoNow(this.ctx.clock),
        language: this.language(),
        controller: this.controller(),
        person: {
          id: row.id,
          firstName: row.first_name,
          lastName: row.last_name,
          birthDate: row.birth_date,
          email: row.email,
          mobile: row.mobile,
          gender: row.gender,
          address:
            row.address_street === null
              ? null
              : { street: row.address_street, postalCode: row.address_postal_code ?? '', city: row.address_city ?? '' },
          interests: row.interests,
          consentToKeepAfterCourse: row.consent_keep === 1,
          restricted: row.restricted === 1,
          createdAt: row.created_at,
          updatedAt: row.updated_at,
        },
        courses,
        attendance: courses.map((course) => this.attendanceIn(course.id, course.name, participantId)),
        certificates: this.certificatesOf(participantId),
        consents: this.consentsOf(participantId),
        requests: this.requestsOf(participantId),
        disclosures: this.disclosures.forParticipant(participantId).map(({ id: _id, ...d }) => d),
        auditEvents: this.auditEventsOf(participantId),
      };
    })();
  }

  /**
   * Records that the report was handed out, once the file exists: an audit
   * entry on the person, a disclosure to the person themselves (so the next
   * report lists this one), and the access request completed. One transaction.
   */
  recordHandedOut(participantId: string, format: 'pdf' | 'json', requestId?: string): void {
    this.ctx.db.transaction(() => {
      if (requestId !== undefined) this.checkRequest(participantId, requestId);
      const disclosureId = this.disclosures.record(
        { kind: 'accessReport', recipient: 'dataSubject', courseId: null, participantIds: [participantId] },
        { audited: false },
      );
      if (requestId !== undefined) {
        const now = isoNow(this.ctx.clock);
        this.sql(`UPDATE privacy_requests SET status = 'completed', resolved_at = ?, updated_at = ? WHERE id = ?`).run(now, now, requestId);
      }
      this.audit.record({
        action: 'access-report',
        entity: 'participant',
        entityId: participantId,
        detail: [`format ${format}`, `disclosure ${disclosureId}`, ...(requestId ? [`request ${requestId} completed`] : [])].join('; '),
      });
    })();
  }

  /** An access request from this person that is still open; anything else is refused on the field. */
  private checkRequest(participantId: string, requestId: string): void {
    const request = this.sql('SELECT participant_id, kind, status FROM privacy_requests WHERE id = ?').get(requestId) as
      | { participant_id: string | null; kind: string; status: string }
      | undefined;
    if (!request || request.participant_id !== participantId || request.kind !== 'access' || request.status !== 'open') {
      throw fieldError('requestId', 'requestNotAccess');
    }
  }

  private coursesOf(participantId: string): AccessReport['courses'] {
    const rows = this.sql(
      `SELECT e.course_id, e.created_at, e.source, e.employer_name, e.withdrawn_on, e.withdrawal_reason
       FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.participant_id = ? ORDER BY c.start_date, c.name`,
    ).all(participantId) as {
      course_id: string;
      created_at: string;
      source: RegistrationSource;
      employer_name: string | null;
      withdrawn_on: string | null;
      withdrawal_reason: WithdrawalReason | null;
    }[];
    return rows.map((e) => {
      const course = this.courses.facts(e.course_id);
      return {
        id: course.id,
        name: course.name,
        type: course.type,
        place: course.place,
        startDate: course.startDate,
        endDate: course.endDate,
        enrolledAt: e.created_at,
        source: e.source,
        employerName: e.employer_name,
        withdrawnOn: e.withdrawn_on,
        withdrawalReason: e.withdrawal_reason,
        retention: course.retention,
      };
    });
  }

  private attendanceIn(courseId: string, courseName: string, participantId: string): AccessReport['attendance'][number] {
    const today = todayInNorway(this.ctx.clock);
    const sessions = this.sql(
      `SELECT s.date, s.start_time AS startTime, s.end_time AS endTime, s.hours, s.cancelled,
              m.status, m.hours AS hoursAttended, m.note, m.absence_reason AS absenceReason
       FROM course_sessions s LEFT JOIN attendance_marks m ON m.session_id = s.id AND m.participant_id = ?
       WHERE s.course_id = ? AND (m.id IS NOT NULL OR (s.cancelled = 0 AND s.date <= ?))
       ORDER BY s.date, s.start_time`,
    ).all(participantId, courseId, today) as (Omit<AccessReport['attendance'][number]['sessions'][number], 'cancelled'> & { cancelled: 0 | 1 })[];
    const changeReasons = this.sql(
      `SELECT s.date AS sessionDate, r.reason, r.at FROM attendance_change_reasons r
       LEFT JOIN course_sessions s ON s.id = r.session_id
       WHERE r.participant_id = ? AND s.course_id = ? ORDER BY r.at, r.rowid`,
    ).all(participantId, courseId) as AccessReport['attendance'][number]['changeReasons'];
    const notices = this.sql(
      `SELECT s.date, s.start_time AS startTime, s.end_time AS endTime, n.reason, n.note
       FROM absence_notices n JOIN course_sessions s ON s.id = n.session_id
       WHERE n.participant_id = ? AND s.course_id = ? ORDER BY s.date, s.start_time`,
    ).all(participantId, courseId) as AccessReport['attendance'][number]['notices'];
    return {
      courseId,
      courseName,
      notices,
      sessions: sessions.map((s) => ({ ...s, cancelled: s.cancelled === 1 })),
      hoursAttended: round2(sessions.reduce((sum, s) => sum + (s.cancelled === 1 ? 0 : (s.hoursAttended ?? 0)), 0)),
      changeReasons,
    };
  }

  private certificatesOf(participantId: string): AccessReport['certificates'] {
    const rows = this.sql(
      `SELECT c.number, c.verification_code, c.course_id, co.name AS course_name, c.issued_at, c.language, c.replaced_by,
              c.content_json, c.override_reason, c.replace_reason
       FROM certificates c JOIN courses co ON co.id = c.course_id
       WHERE c.participant_id = ? ORDER BY c.issued_at, c.number`,
    ).all(participantId) as {
      number: string;
      verification_code: string;
      course_id: string;
      course_name: string;
      issued_at: string;
      language: 'nb' | 'en';
      replaced_by: string | null;
      content_json: string;
      override_reason: string | null;
      replace_reason: string | null;
    }[];
    return rows.map((r) => ({
      number: r.number,
      verificationCode: groupCode(r.verification_code),
      courseId: r.course_id,
      courseName: r.course_name,
      issuedAt: r.issued_at,
      language: r.language,
      status: r.replaced_by ? 'replaced' : 'valid',
      hoursAttended: hoursPrinted(r.content_json),
      overrideReason: r.override_reason,
      replaceReason: r.replace_reason,
    }));
  }

  private consentsOf(participantId: string): AccessReport['consents'] {
    const rows = this.sql('SELECT kind, method, at, recorded_by FROM consent_events WHERE participant_id = ? ORDER BY at, created_at, rowid').all(
      participantId,
    ) as { kind: 'given' | 'withdrawn'; method: ConsentEventMethod | null; at: string; recorded_by: string }[];
    return rows.map((r) => ({ kind: r.kind, method: r.method, at: r.at, recordedByRole: this.roleOfActor(r.recorded_by) }));
  }

  /** The role an account acted in, as its audit entries recorded it (the consent history keeps only the account). */
  private roleOfActor(actorId: string): StaffRole | null {
    const row = this.sql(
      'SELECT actor_role FROM audit_log WHERE actor_id = ? AND actor_role IS NOT NULL ORDER BY at DESC LIMIT 1',
    ).get(actorId) as { actor_role: string } | undefined;
    return roleOf(row?.actor_role);
  }

  private requestsOf(participantId: string): AccessReport['requests'] {
    return this.sql(
      `SELECT kind, channel, received_on AS receivedOn, due_on AS dueOn, status, resolved_at AS resolvedAt, note
       FROM privacy_requests WHERE participant_id = ? ORDER BY received_on, created_at, rowid`,
    ).all(participantId) as AccessReport['requests'];
  }

  /**
   * Audit entries about the person: on their record, enrollments and marks
   * (which name them by id), and on their certificates and requests. The
   * detail is never passed on as written; only an attendance change is read
   * out of it, and whether a reason was given.
   */
  private auditEventsOf(participantId: string): AccessReport['auditEvents'] {
    const related = [
      participantId,
      ...(this.sql('SELECT id FROM certificates WHERE participant_id = ?').pluck().all(participantId) as string[]),
      ...(this.sql('SELECT id FROM privacy_requests WHERE participant_id = ?').pluck().all(participantId) as string[]),
    ];
    const rows = this.sql(
      `SELECT a.at, a.action, a.entity, a.actor_role, a.course_id, c.name AS course_name, a.fields, a.detail
       FROM audit_log a LEFT JOIN courses c ON c.id = a.course_id
       WHERE a.entity_id IN (SELECT value FROM json_each(?))
       ORDER BY a.at, a.rowid`,
    ).all(JSON.stringify(related)) as {
      at: string;
      action: string;
      entity: string;
      actor_role: string | null;
      course_id: string | null;
      course_name: string | null;
      fields: string;
      detail: string | null;
    }[];
    const sessionDate = this.sql('SELECT date FROM course_sessions WHERE id = ?').pluck();
    return rows.map((r) => {
      const match = r.entity === 'attendance' && r.detail ? ATTENDANCE_DETAIL.exec(r.detail) : null;
      return {
        at: r.at,
        action: r.action,
        entity: r.entity,
        role: roleOf(r.actor_role),
        course: r.course_id !== null && r.course_name !== null ? { id: r.course_id, name: r.course_name } : null,
        fields: parseFields(r.fields),
        change: match ? { sessionDate: (sessionDate.get(match[1]) as string | undefined) ?? null, from: statusOf(match[2]), to: statusOf(match[3]) } : null,
        reasonGiven: r.detail !== null && /reason/.test(r.detail),
      };
    });
  }
}

function parseFields(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((f): f is string => typeof f === 'string') : [];
  } catch {
    return [];
  }
}

/** The attended hours a certificate printed, from its stored content. */
function hoursPrinted(contentJson: string): number | null {
  try {
    const hours = (JSON.parse(contentJson) as { hoursAttended?: unknown }).hoursAttended;
    return typeof hours === 'number' ? hours : null;
  } catch {
    return null;
  }
}

const norwegianDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo' });

/** "Innsyn – Nordmann, Kari – 2025-03-10.json" (the day in Norway), without characters file systems refuse. */
export function accessReportFileName(report: AccessReport, extension: 'pdf' | 'json'): string {
  const title = report.language === 'en' ? 'Access report' : 'Innsyn';
  const name = `${report.person.lastName}, ${report.person.firstName}`
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${title} – ${name} – ${norwegianDay.format(new Date(report.generatedAt))}.${extension}`;
}

/** The JSON file: the report as it is, indented for reading. */
export const accessReportJson = (report: AccessReport) => `${JSON.stringify(report, null, 2)}\n`;
