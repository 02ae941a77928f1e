import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import { registersEmployer } from '../../contract/schemas';
import type { CourseFields } from '../../contract/schemas';
import type { Course, CourseStatus } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import { retentionOf } from './retention-rules';

interface CourseRow {
  id: string;
  name: string;
  type: Course['type'];
  place: string;
  start_date: string;
  end_date: string;
  planned_hours: number;
  teacher: string;
  description: string | null;
  learning_goals: string | null;
  english_name: string | null;
  english_description: string | null;
  english_learning_goals: string | null;
  status: CourseStatus;
  financial_report_approved_at: string | null;
  funder_name: string | null;
  funder_reference: string | null;
  required_attendance_percent: number;
  signer_name: string | null;
  signer_title: string | null;
  personal_data_erased_at: string | null;
  /** When head office's receipt came back for a batch of this course made after it ended (see the exchange). */
  delivered_at: string | null;
  participant_count: number;
  created_at: string;
  updated_at: string;
}

export type CourseFacts = Omit<Course, 'participantCount'>;

const toCourse = (row: CourseRow, graceDays: number, today: string): Course => ({
  id: row.id,
  name: row.name,
  type: row.type,
  place: row.place,
  startDate: row.start_date,
  endDate: row.end_date,
  plannedHours: row.planned_hours,
  teacher: row.teacher,
  description: row.description,
  learningGoals: row.learning_goals,
  englishName: row.english_name,
  englishDescription: row.english_description,
  englishLearningGoals: row.english_learning_goals,
  status: row.status,
  financialReportApprovedAt: row.financial_report_approved_at,
  funderName: row.funder_name,
  funderReference: row.funder_reference,
  requiredAttendancePercent: row.required_attendance_percent,
  signerName: row.signer_name,
  signerTitle: row.signer_title,
  participantCount: row.participant_count,
  retention: retentionOf(
    { type: row.type, endDate: row.end_date, financialReportApprovedAt: row.financial_report_approved_at, personalDataErasedAt: row.personal_data_erased_at, deliveredAt: row.delivered_at },
    graceDays,
    today,
  ),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Column values in the order the INSERT and UPDATE statements bind them. */
const columns = (c: CourseFields) => [
  c.name,
  c.type,
  c.place,
  c.startDate,
  c.endDate,
  c.plannedHours,
  c.teacher,
  c.description ?? null,
  c.learningGoals ?? null,
  c.status,
  c.type === 'kompetansepluss' ? (c.financialReportApprovedAt ?? null) : null,
  c.requiredAttendancePercent ?? DEFAULT_REQUIRED_ATTENDANCE_PERCENT,
  c.signerName ?? null,
  c.signerTitle ?? null,
  c.englishName ?? null,
  c.englishDescription ?? null,
  c.englishLearningGoals ?? null,
  c.funderName ?? null,
  c.funderReference ?? null,
];

/** Attendance required for a certificate unless the course says otherwise. */
export const DEFAULT_REQUIRED_ATTENDANCE_PERCENT = 75;

/** A sent batch of the course, made after it ended, that head office has confirmed with a receipt. */
const DELIVERED_AT = `(SELECT MIN(b.delivered_at) FROM exchange_batch_courses bc JOIN exchange_batches b ON b.id = bc.batch_id
   WHERE b.direction = 'sent' AND b.delivered_at IS NOT NULL AND bc.course_id = c.id AND substr(bc.until, 1, 10) > c.end_date) AS delivered_at`;

const SELECT = `
  SELECT c.*, ${DELIVERED_AT}, (SELECT count(*) FROM participant_enrollments e WHERE e.course_id = c.id) AS participant_count
  FROM courses c`;

export class CourseService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    /** Days after an open course's end before its personal data is due (a setting). */
    private readonly graceDays: () => number = () => 30,
  ) {
    this.sql = statementCache(ctx.db);
  }

  private toCourse(row: CourseRow): Course {
    return toCourse(row, this.graceDays(), todayInNorway(this.ctx.clock));
  }

  list(status?: CourseStatus): Course[] {
    const rows = status
      ? this.sql(`${SELECT} WHERE c.status = ? ORDER BY c.start_date DESC, c.name`).all(status)
      : this.sql(`${SELECT} ORDER BY c.start_date DESC, c.name`).all();
    return (rows as CourseRow[]).map((row) => this.toCourse(row));
  }

  /**
   * The course without its participant count: what other services need, on
   * paths (registering, marking) where counting a large course would cost.
   */
  facts(id: string): CourseFacts {
    const row = this.sql(`SELECT c.*, ${DELIVERED_AT}, -1 AS participant_count FROM courses c WHERE c.id = ?`).get(id) as CourseRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    const { participantCount: _count, ...facts } = this.toCourse(row);
    return facts;
  }

  get(id: string): Course {
    const row = this.sql(`${SELECT} WHERE c.id = ?`).get(id) as CourseRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return this.toCourse(row);
  }

  create(fields: CourseFields): Course {
    const id = randomUUID();
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO courses (name, type, place, start_date, end_date, planned_hours, teacher, description,
           learning_goals, status, financial_report_approved_at, required_attendance_percent, signer_name, signer_title,
           english_name, english_description, english_learning_goals, funder_name, funder_reference, id, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...columns(fields), id, now, now, this.ctx.deviceId);
      this.audit.record({ action: 'create', entity: 'course', entityId: id, courseId: id });
    })();
    return this.get(id);
  }

  private hasEmployerRegistrations(courseId: string): boolean {
    return this.sql(`SELECT 1 FROM participant_enrollments WHERE course_id = ? AND source = 'employer' LIMIT 1`).get(courseId) !== undefined;
  }

  update(id: string, input: CourseFields): Course {
    const before = this.get(id);
    // Its people are gone and its figures are kept as they were: the course is closed.
    if (before.retention.state === 'erased') throw new AppError('COURSE_ERASED');
    // A form that does not show the requirement keeps the one on file.
    const fields = {
      ...input,
      requiredAttendancePercent: input.requiredAttendancePercent ?? before.requiredAttendancePercent,
      signerName: input.signerName === undefined ? before.signerName : input.signerName,
      signerTitle: input.signerTitle === undefined ? before.signerTitle : input.signerTitle,
      englishName: input.englishName === undefined ? before.englishName : input.englishName,
      englishDescription: input.englishDescription === undefined ? before.englishDescription : input.englishDescription,
      englishLearningGoals: input.englishLearningGoals === undefined ? before.englishLearningGoals : input.englishLearningGoals,
      funderName: input.funderName === undefined ? before.funderName : input.funderName,
      funderReference: input.funderReference === undefined ? before.funderReference : input.funderReference,
    };
    const changed = changedCourseFields(before, fields);
    if (before.participantCount > 0 && before.type !== fields.type && (before.type === 'fagbrev' || fields.type === 'fagbrev')) {
      // Addresses exist only for trade-certificate courses: switching in or out would
      // either keep addresses without a purpose or leave required ones missing.
      throw new AppError('VALIDATION', { 'course.type': 'invalidValue' });
    }
    if (registersEmployer(before.type) && !registersEmployer(fields.type) && this.hasEmployerRegistrations(id)) {
      // Registration by an employer belongs to Kompetansepluss and employer-paid courses: the employers' names would stay without a purpose.
      throw new AppError('VALIDATION', { 'course.type': 'invalidValue' });
    }
    if (changed.length === 0) return before;
    this.ctx.db.transaction(() => {
      this.sql(
        `UPDATE courses SET name = ?, type = ?, place = ?, start_date = ?, end_date = ?, planned_hours = ?, teacher = ?,
           description = ?, learning_goals = ?, status = ?, financial_report_approved_at = ?, required_attendance_percent = ?,
           signer_name = ?, signer_title = ?, english_name = ?, english_description = ?, english_learning_goals = ?,
           funder_name = ?, funder_reference = ?, updated_at = ?
         WHERE id = ?`,
      ).run(...columns(fields), isoNow(this.ctx.clock), id);
      this.audit.record({ action: 'update', entity: 'course', entityId: id, courseId: id, fields: changed });
    })();
    return this.get(id);
  }
}

function changedCourseFields(before: Course, after: CourseFields): string[] {
  const next: Record<string, unknown> = {
    ...after,
    description: after.description ?? null,
    learningGoals: after.learningGoals ?? null,
    financialReportApprovedAt: after.type === 'kompetansepluss' ? (after.financialReportApprovedAt ?? null) : null,
    requiredAttendancePercent: after.requiredAttendancePercent ?? DEFAULT_REQUIRED_ATTENDANCE_PERCENT,
    signerName: after.signerName ?? null,
    signerTitle: after.signerTitle ?? null,
    englishName: after.englishName ?? null,
    englishDescription: after.englishDescription ?? null,
    englishLearningGoals: after.englishLearningGoals ?? null,
    funderName: after.funderName ?? null,
    funderReference: after.funderReference ?? null,
  };
  return Object.keys(next).filter((key) => next[key] !== (before as unknown as Record<string, unknown>)[key]);
}
