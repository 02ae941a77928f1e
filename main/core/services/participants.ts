import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import { ageOn, nameSortKey, searchKey } from '../../contract/formats';
import type { EnrollmentFields, ParticipantFields } from '../../contract/schemas';
import type {
  CourseRef,
  DuplicateCandidate,
  ParticipantDetail,
  ParticipantListItem,
  ParticipantSearchHit,
  PostalAddress,
} from '../../contract/types';
import type { ValidationKey } from '../../contract/messages';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseFacts, CourseService } from './courses';

interface ParticipantRow {
  id: string;
  first_name: string;
  last_name: string;
  birth_date: string;
  email: string | null;
  mobile: string | null;
  gender: ParticipantDetail['gender'];
  address_street: string | null;
  address_postal_code: string | null;
  address_city: string | null;
  interests: string | null;
  consent_keep: 0 | 1;
  consent_method: ParticipantDetail['consent']['method'];
  consent_recorded_at: string | null;
  consent_recorded_by: string | null;
  created_at: string;
  updated_at: string;
}

interface EnrollmentRow {
  course_id: string;
  source: ParticipantDetail['enrollment']['source'];
  employer_name: string | null;
  created_at: string;
}

export const MIN_AGE = 15;
export const MAX_AGE = 100;

/** Same person: same first name, last name and birth date, ignoring case and spacing. */
export const identityKey = (p: { firstName: string; lastName: string; birthDate: string }) =>
  `${searchKey(p.firstName)}|${searchKey(p.lastName)}|${p.birthDate}`;

/** What type-ahead search matches: both name orders, e-mail and mobile (with and without +47). */
function searchKeyOf(p: ParticipantFields): string {
  const mobile = p.mobile ? `${p.mobile} ${p.mobile.replace(/^\+47/, '')}` : '';
  return searchKey(`${p.firstName} ${p.lastName} | ${p.lastName} ${p.firstName} | ${p.email ?? ''} | ${mobile}`);
}

/** LIKE pattern for a type-ahead query, with LIKE's wildcards escaped. */
const likePattern = (query: string) => `%${searchKey(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The stored columns, in bind order, and the names used for audit "fields changed". */
function participantColumns(p: ParticipantFields, address: PostalAddress | null) {
  return {
    first_name: p.firstName,
    last_name: p.lastName,
    birth_date: p.birthDate,
    email: p.email ?? null,
    mobile: p.mobile ?? null,
    gender: p.gender,
    address_street: address?.street ?? null,
    address_postal_code: address?.postalCode ?? null,
    address_city: address?.city ?? null,
    interests: p.interests ?? null,
    consent_keep: p.consent.keepAfterCourse ? 1 : 0,
    consent_method: p.consent.keepAfterCourse ? (p.consent.method ?? null) : null,
  };
}

const PARTICIPANT_COLUMN_NAMES = Object.keys(
  participantColumns(
    { firstName: '', lastName: '', birthDate: '', gender: 'other', consent: { keepAfterCourse: false } },
    null,
  ),
);

export class ParticipantService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    /** Display name for a staff id (consent is shown with who recorded it). */
    private readonly staffNameOf: (staffId: string) => string | null = () => null,
  ) {
    this.sql = statementCache(ctx.db);
  }

  // ---------- reading ----------

  listByCourse(courseId: string, query?: string): ParticipantListItem[] {
    this.courses.facts(courseId);
    const rows = this.sql(
      `SELECT p.id, p.first_name, p.last_name, p.birth_date, p.email, p.mobile, e.source
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ? AND p.search_key LIKE ? ESCAPE '\\'
       ORDER BY p.sort_key`,
    ).all(courseId, likePattern(query ?? '')) as (Pick<
      ParticipantRow,
      'id' | 'first_name' | 'last_name' | 'birth_date' | 'email' | 'mobile'
    > & { source: ParticipantListItem['source'] })[];
    return rows.map((r) => ({
      participantId: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: r.birth_date,
      email: r.email,
      mobile: r.mobile,
      source: r.source,
    }));
  }

  /** Type-ahead search across every course. */
  search(query: string, limit = 20): ParticipantSearchHit[] {
    if (searchKey(query) === '') return [];
    const rows = this.sql(
      `SELECT id, first_name, last_name, birth_date FROM participants
       WHERE search_key LIKE ? ESCAPE '\\'
       ORDER BY sort_key LIMIT ?`,
    ).all(likePattern(query), limit) as Pick<ParticipantRow, 'id' | 'first_name' | 'last_name' | 'birth_date'>[];
    return rows.map((r) => ({
      participantId: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      birthDate: r.birth_date,
      courses: this.coursesOf(r.id),
    }));
  }

  get(courseId: string, participantId: string): ParticipantDetail {
    const course = this.courses.facts(courseId);
    const row = this.row(participantId);
    const enrollment = this.sql(
      'SELECT course_id, source, employer_name, created_at FROM participant_enrollments WHERE course_id = ? AND participant_id = ?',
    ).get(courseId, participantId) as EnrollmentRow | undefined;
    if (!enrollment) throw new AppError('NOT_FOUND');
    return toDetail(row, enrollment, course, this.staffNameOf);
  }

  findDuplicate(p: { firstName: string; lastName: string; birthDate: string }, courseId?: string): DuplicateCandidate | null {
    const row = this.sql('SELECT id, first_name, last_name, birth_date FROM participants WHERE identity_key = ? LIMIT 1').get(
      identityKey(p),
    ) as Pick<ParticipantRow, 'id' | 'first_name' | 'last_name' | 'birth_date'> | undefined;
    if (!row) return null;
    const inCourse =
      courseId !== undefined &&
      this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, row.id) !==
        undefined;
    return {
      participantId: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      birthDate: row.birth_date,
      courses: this.coursesOf(row.id),
      alreadyInCourseId: inCourse ? (courseId ?? null) : null,
    };
  }

  // ---------- writing ----------

  register(courseId: string, fields: ParticipantFields, enrollment: EnrollmentFields): ParticipantDetail {
    const course = this.courses.facts(courseId);
    this.checkRules(course, fields, enrollment);
    if (this.findDuplicate(fields)) throw new AppError('DUPLICATE_PARTICIPANT');
    const id = randomUUID();
    const now = isoNow(this.ctx.clock);
    const columns = participantColumns(fields, fields.address ?? null);
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO participants (${PARTICIPANT_COLUMN_NAMES.join(', ')}, consent_recorded_at, consent_recorded_by,
           identity_key, search_key, sort_key, id, created_at, updated_at, device_id)
         VALUES (${PARTICIPANT_COLUMN_NAMES.map(() => '?').join(', ')}, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        ...Object.values(columns),
        now,
        this.ctx.actorId,
        identityKey(fields),
        searchKeyOf(fields),
        nameSortKey(fields.lastName, fields.firstName),
        id,
        now,
        now,
        this.ctx.deviceId,
      );
      const stored = PARTICIPANT_COLUMN_NAMES.filter((name) => columns[name as keyof typeof columns] !== null);
      this.audit.record({ action: 'create', entity: 'participant', entityId: id, courseId, fields: stored });
      this.insertEnrollment(courseId, id, enrollment, now);
    })();
    return this.get(courseId, id);
  }

  enrollExisting(
    courseId: string,
    participantId: string,
    enrollment: EnrollmentFields,
    address: PostalAddress | null | undefined,
  ): ParticipantDetail {
    const course = this.courses.facts(courseId);
    const row = this.row(participantId);
    checkEnrollmentRules(course, enrollment);
    if (this.sql('SELECT 1 FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, participantId)) {
      throw new AppError('DUPLICATE_PARTICIPANT');
    }
    if (course.type !== 'fagbrev' && address) throw new AppError('VALIDATION', { address: 'addressNotAllowed' });
    const needsAddress = course.type === 'fagbrev' && row.address_street === null;
    if (needsAddress && !address) throw new AppError('VALIDATION', { address: 'addressRequired' });
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      if (needsAddress && address) {
        this.sql(
          'UPDATE participants SET address_street = ?, address_postal_code = ?, address_city = ?, updated_at = ? WHERE id = ?',
        ).run(address.street, address.postalCode, address.city, now, participantId);
        this.audit.record({
          action: 'update',
          entity: 'participant',
          entityId: participantId,
          courseId,
          fields: ['address_street', 'address_postal_code', 'address_city'],
        });
      }
      this.insertEnrollment(courseId, participantId, enrollment, now);
    })();
    return this.get(courseId, participantId);
  }

  update(courseId: string, participantId: string, fields: ParticipantFields, enrollment: EnrollmentFields): ParticipantDetail {
    const course = this.courses.facts(courseId);
    const before = this.get(courseId, participantId);
    const row = this.row(participantId);
    this.checkRules(course, fields, enrollment);
    const duplicate = this.findDuplicate(fields);
    if (duplicate && duplicate.participantId !== participantId) throw new AppError('DUPLICATE_PARTICIPANT');

    // Outside a trade-certificate course the address is neither shown nor editable: keep what is on file.
    const address =
      course.type === 'fagbrev'
        ? (fields.address ?? null)
        : row.address_street === null
          ? null
          : { street: row.address_street, postalCode: row.address_postal_code ?? '', city: row.address_city ?? '' };
    const columns = participantColumns(fields, address);
    const changed = PARTICIPANT_COLUMN_NAMES.filter(
      (name) => columns[name as keyof typeof columns] !== row[name as keyof ParticipantRow],
    );
    const consentChanged = changed.includes('consent_keep') || changed.includes('consent_method');
    const enrollmentChanged =
      before.enrollment.source !== enrollment.source ||
      before.enrollment.employerName !== employerNameOf(enrollment);
    if (changed.length === 0 && !enrollmentChanged) return before;

    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      if (changed.length > 0) {
        this.sql(
          `UPDATE participants SET ${PARTICIPANT_COLUMN_NAMES.map((n) => `${n} = ?`).join(', ')},
             consent_recorded_at = ?, consent_recorded_by = ?, identity_key = ?, search_key = ?, sort_key = ?,
             updated_at = ?
           WHERE id = ?`,
        ).run(
          ...Object.values(columns),
          consentChanged ? now : row.consent_recorded_at,
          consentChanged ? this.ctx.actorId : row.consent_recorded_by,
          identityKey(fields),
          searchKeyOf(fields),
          nameSortKey(fields.lastName, fields.firstName),
          now,
          participantId,
        );
        this.audit.record({ action: 'update', entity: 'participant', entityId: participantId, courseId, fields: changed });
      }
      if (enrollmentChanged) {
        this.sql(
          'UPDATE participant_enrollments SET source = ?, employer_name = ?, updated_at = ? WHERE course_id = ? AND participant_id = ?',
        ).run(enrollment.source, employerNameOf(enrollment), now, courseId, participantId);
        this.audit.record({
          action: 'update',
          entity: 'enrollment',
          entityId: participantId,
          courseId,
          fields: ['source', 'employer_name'],
        });
      }
    })();
    return this.get(courseId, participantId);
  }

  // ---------- helpers ----------

  private row(participantId: string): ParticipantRow {
    const row = this.sql('SELECT * FROM participants WHERE id = ?').get(participantId) as ParticipantRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private coursesOf(participantId: string): CourseRef[] {
    return this.sql(
      `SELECT c.id, c.name FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.participant_id = ? ORDER BY c.start_date`,
    ).all(participantId) as CourseRef[];
  }

  private insertEnrollment(courseId: string, participantId: string, enrollment: EnrollmentFields, now: string) {
    this.sql(
      `INSERT INTO participant_enrollments (id, course_id, participant_id, source, employer_name, created_at, updated_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(randomUUID(), courseId, participantId, enrollment.source, employerNameOf(enrollment), now, now, this.ctx.deviceId);
    this.audit.record({ action: 'enroll', entity: 'enrollment', entityId: participantId, courseId, fields: ['source', 'employer_name'] });
  }

  /** Rules that depend on the course or on today's date, which the schemas cannot know. */
  private checkRules(course: CourseFacts, p: ParticipantFields, enrollment: EnrollmentFields): void {
    const fields: Record<string, ValidationKey> = {};
    const age = ageOn(p.birthDate, todayInNorway(this.ctx.clock));
    // Keyed by the dotted input path, like the schema's own errors, so forms place them the same way.
    if (age < MIN_AGE || age > MAX_AGE) fields['participant.birthDate'] = 'birthDateImplausible';
    if (course.type === 'fagbrev' && !p.address) fields['participant.address'] = 'addressRequired';
    if (course.type !== 'fagbrev' && p.address) fields['participant.address'] = 'addressNotAllowed';
    if (enrollment.source === 'employer' && course.type !== 'kompetansepluss') {
      fields['enrollment.source'] = 'employerOnlyKompetansepluss';
    }
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', fields);
  }
}

/** The employer's name belongs only to an employer registration; a form may still send it after the source changed. */
const employerNameOf = (enrollment: EnrollmentFields) =>
  enrollment.source === 'employer' ? (enrollment.employerName ?? null) : null;

function checkEnrollmentRules(course: CourseFacts, enrollment: EnrollmentFields) {
  if (enrollment.source === 'employer' && course.type !== 'kompetansepluss') {
    throw new AppError('VALIDATION', { 'enrollment.source': 'employerOnlyKompetansepluss' });
  }
}

function toDetail(
  row: ParticipantRow,
  enrollment: EnrollmentRow,
  course: CourseFacts,
  staffNameOf: (staffId: string) => string | null,
): ParticipantDetail {
  return {
    participantId: row.id,
    courseId: course.id,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    email: row.email,
    mobile: row.mobile,
    gender: row.gender,
    // Shown only in the context of a trade-certificate course.
    address:
      course.type === 'fagbrev' && row.address_street !== null
        ? { street: row.address_street, postalCode: row.address_postal_code ?? '', city: row.address_city ?? '' }
        : null,
    interests: row.interests,
    consent: {
      keepAfterCourse: row.consent_keep === 1,
      method: row.consent_method,
      recordedAt: row.consent_recorded_at,
      recordedBy: row.consent_recorded_by === null ? null : (staffNameOf(row.consent_recorded_by) ?? row.consent_recorded_by),
    },
    enrollment: { source: enrollment.source, employerName: enrollment.employer_name, enrolledAt: enrollment.created_at },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
