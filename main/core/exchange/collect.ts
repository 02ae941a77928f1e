import type { Db } from '../db/database';
import { statementCache } from '../services/context';
import { RESTRICTED_IDS_SQL, RESTRICTED_SQL } from '../services/participants';
import type {
  BatchManifest,
  BatchRecords,
  CertificateRecord,
  ConsentRecord,
  CourseRecord,
  EnrollmentRecord,
  MarkRecord,
  ParticipantRecord,
  SessionRecord,
  TombstoneRecord,
} from './payload';

/**
 * The export side of a batch: the records of some courses changed in a time
 * window, written as the records' JSON. A pure read, in one read transaction
 * so the records are one consistent snapshot.
 *
 * - A participant belongs to a batch through an enrollment in one of its
 *   courses; their own row goes when it changed in that course's window.
 * - People whose processing is restricted or objected to (an open request,
 *   issue 9) are left out, and every row of theirs with them.
 * - A session goes with any of its marks, so the receiver has the sign-off
 *   state they were given under.
 * - A mark goes with its status and hours only: the absence reason may reveal
 *   health and stays on the laptop where it was recorded (head office's
 *   reports never use it), as does the teacher's note.
 * - Tombstones (ids and time only) go for every erasure in the widest window:
 *   an erased person's courses are no longer known.
 */

export interface CollectedChanges {
  tombstones: TombstoneRecord[];
  counts: BatchManifest['counts'];
  /** Everyone whose data is in it, for the disclosures. */
  participantIds: string[];
}

type Row = Record<string, unknown>;
const str = (v: unknown) => v as string;
const strOrNull = (v: unknown) => (v ?? null) as string | null;

// ---------- rows to records (shared with merge.ts, which compares its own rows the same way) ----------

export const courseFromRow = (r: Row): CourseRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  name: str(r.name),
  type: r.type as CourseRecord['type'],
  place: str(r.place),
  startDate: str(r.start_date),
  endDate: str(r.end_date),
  plannedHours: r.planned_hours as number,
  teacher: str(r.teacher),
  description: strOrNull(r.description),
  learningGoals: strOrNull(r.learning_goals),
  status: r.status as CourseRecord['status'],
  financialReportApprovedAt: strOrNull(r.financial_report_approved_at),
  requiredAttendancePercent: r.required_attendance_percent as number,
  signerName: strOrNull(r.signer_name),
  signerTitle: strOrNull(r.signer_title),
  englishName: strOrNull(r.english_name),
  englishDescription: strOrNull(r.english_description),
  englishLearningGoals: strOrNull(r.english_learning_goals),
  personalDataErasedAt: strOrNull(r.personal_data_erased_at),
  funderName: strOrNull(r.funder_name),
  funderReference: strOrNull(r.funder_reference),
});

export const participantFromRow = (r: Row, withAddress: boolean): ParticipantRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  firstName: str(r.first_name),
  lastName: str(r.last_name),
  birthDate: str(r.birth_date),
  email: strOrNull(r.email),
  mobile: strOrNull(r.mobile),
  gender: r.gender as ParticipantRecord['gender'],
  address:
    withAddress && r.address_street !== null
      ? { street: str(r.address_street), postalCode: str(r.address_postal_code ?? ''), city: str(r.address_city ?? '') }
      : null,
  interests: strOrNull(r.interests),
  consentKeep: r.consent_keep === 1,
});

export const enrollmentFromRow = (r: Row): EnrollmentRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  courseId: str(r.course_id),
  participantId: str(r.participant_id),
  source: r.source as EnrollmentRecord['source'],
  employerName: strOrNull(r.employer_name),
  withdrawnOn: strOrNull(r.withdrawn_on),
  withdrawalReason: (r.withdrawal_reason ?? null) as EnrollmentRecord['withdrawalReason'],
});

export const sessionFromRow = (r: Row): SessionRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  courseId: str(r.course_id),
  date: str(r.date),
  startTime: str(r.start_time),
  endTime: str(r.end_time),
  hours: r.hours as number,
  cancelled: r.cancelled === 1,
  signedOffAt: strOrNull(r.signed_off_at),
  signedOffBy: strOrNull(r.signed_off_by),
});

export const markFromRow = (r: Row): MarkRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  sessionId: str(r.session_id),
  participantId: str(r.participant_id),
  status: r.status as MarkRecord['status'],
  hours: r.hours as number,
  // Never the absence reason: it may be health data, and it stays on the laptop where it was recorded.
});

export const consentFromRow = (r: Row): ConsentRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  participantId: str(r.participant_id),
  kind: r.kind as ConsentRecord['kind'],
  method: (r.method ?? null) as ConsentRecord['method'],
  at: str(r.at),
  recordedBy: str(r.recorded_by),
});

export const certificateFromRow = (r: Row): CertificateRecord => ({
  id: str(r.id),
  createdAt: str(r.created_at),
  updatedAt: str(r.updated_at),
  deviceId: str(r.device_id),
  number: str(r.number),
  verificationCode: str(r.verification_code),
  participantId: str(r.participant_id),
  courseId: str(r.course_id),
  language: r.language as CertificateRecord['language'],
  issuedAt: str(r.issued_at),
  issuedBy: str(r.issued_by),
  contentJson: str(r.content_json),
  contentHash: str(r.content_hash),
  replacedBy: strOrNull(r.replaced_by),
});

// ---------- collecting ----------

/** `column` changed in the window (since, until]; since null: everything up to until. */
const inWindow = (column: string) => `(@since IS NULL OR ${column} > @since) AND ${column} <= @until`;
const NOT_RESTRICTED = (participant: string) => `NOT ${RESTRICTED_SQL(participant)}`;

const COURSE = `SELECT * FROM courses WHERE id = @courseId AND ${inWindow('updated_at')}`;
const PARTICIPANTS = `
  SELECT p.* FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
  WHERE e.course_id = @courseId AND ${inWindow('p.updated_at')} AND ${NOT_RESTRICTED('p.id')}`;
const ENROLLMENTS = `
  SELECT e.* FROM participant_enrollments e
  WHERE e.course_id = @courseId AND ${inWindow('e.updated_at')} AND ${NOT_RESTRICTED('e.participant_id')}`;
// The largest part of a batch (sessions × people), so SQLite writes its JSON, a session at a time: one string
// per session instead of eight per mark. Exactly the fields of markFromRow, so no absence reason; the importer holds them to the schema.
const SESSION_IDS = 'SELECT id FROM course_sessions WHERE course_id = ? ORDER BY date, start_time, id';
const MARKS_OF_SESSION = `
  SELECT count(*) AS n, json_group_array(json_object(
    'id', m.id, 'createdAt', m.created_at, 'updatedAt', m.updated_at, 'deviceId', m.device_id,
    'sessionId', m.session_id, 'participantId', m.participant_id, 'status', m.status, 'hours', m.hours)) AS json
  FROM attendance_marks m JOIN participant_enrollments e ON e.course_id = @courseId AND e.participant_id = m.participant_id
  WHERE m.session_id = @sessionId AND ${inWindow('m.updated_at')} AND m.participant_id NOT IN (${RESTRICTED_IDS_SQL})`;
/** The people those marks are about (for the disclosures), without reading the marks again. */
const MARKED_PARTICIPANTS = `
  SELECT e.participant_id FROM participant_enrollments e
  WHERE e.course_id = @courseId AND e.participant_id NOT IN (${RESTRICTED_IDS_SQL}) AND EXISTS (
    SELECT 1 FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id
    WHERE m.participant_id = e.participant_id AND s.course_id = @courseId AND ${inWindow('m.updated_at')})`;
const SESSIONS = `
  SELECT s.* FROM course_sessions s
  WHERE s.course_id = @courseId AND (${inWindow('s.updated_at')} OR s.id IN (SELECT value FROM json_each(@withMarks)))`;
const CONSENTS = `
  SELECT c.* FROM participant_enrollments e JOIN consent_events c ON c.participant_id = e.participant_id
  WHERE e.course_id = @courseId AND ${inWindow('c.updated_at')} AND ${NOT_RESTRICTED('e.participant_id')}`;
const CERTIFICATES = `
  SELECT c.* FROM certificates c
  WHERE c.course_id = @courseId AND ${inWindow('c.updated_at')} AND ${NOT_RESTRICTED('c.participant_id')}`;
const TOMBSTONES = `
  SELECT id, entity, entity_id, cause, erased_at FROM tombstones
  WHERE ${inWindow('erased_at')} ORDER BY erased_at, id`;

/**
 * Writes the records of these courses changed after `since` (null: all) and at
 * or before `until` to `write`, as the JSON of one records object in pieces,
 * in order; returns the tombstones, the counts and the people. Pure read.
 */
export function collectChanges(
  db: Db,
  courses: readonly { id: string; since: string | null }[],
  until: string,
  write: (json: string) => void,
): CollectedChanges {
  return db.transaction(() => collect(db, courses, until, write))();
}

function collect(db: Db, courses: readonly { id: string; since: string | null }[], until: string, write: (json: string) => void): CollectedChanges {
  const sql = statementCache(db);
  const all = <T>(query: string, params: Record<string, unknown>) => sql(query).all(params) as T[];
  const fagbrev = new Set(
    (
      sql(`SELECT id FROM courses WHERE type = 'fagbrev' AND id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(courses.map((c) => c.id))) as {
        id: string;
      }[]
    ).map((r) => r.id),
  );

  const out = {
    courses: new Map<string, CourseRecord>(),
    participants: new Map<string, Row>(),
    enrollments: new Map<string, EnrollmentRecord>(),
    sessions: new Map<string, SessionRecord>(),
    consents: new Map<string, ConsentRecord>(),
    certificates: new Map<string, CertificateRecord>(),
  };
  const withAddress = new Set<string>();
  const marked = new Set<string>();
  let marks = 0;

  // The marks first, so each session's can go as it is read; `{"marks":[…],"courses":[…],…}` parses the same.
  write('{"marks":[');
  for (const course of courses) {
    const params = { courseId: course.id, since: course.since, until };
    const withMarks: string[] = [];
    for (const sessionId of sql(SESSION_IDS).pluck().all(course.id) as string[]) {
      const chunk = sql(MARKS_OF_SESSION).get({ ...params, sessionId }) as { n: number; json: string };
      if (chunk.n === 0) continue;
      // The session's array without its brackets, joined to the others'. Marks belong to one session, so none repeats.
      write(`${marks === 0 ? '' : ','}${chunk.json.slice(1, -1)}`);
      marks += chunk.n;
      withMarks.push(sessionId);
    }
    for (const id of sql(MARKED_PARTICIPANTS).pluck().all(params) as string[]) marked.add(id);

    for (const row of all<Row>(COURSE, params)) out.courses.set(str(row.id), courseFromRow(row));
    for (const row of all<Row>(PARTICIPANTS, params)) {
      out.participants.set(str(row.id), row);
      if (fagbrev.has(course.id)) withAddress.add(str(row.id));
    }
    for (const row of all<Row>(ENROLLMENTS, params)) out.enrollments.set(str(row.id), enrollmentFromRow(row));
    for (const row of all<Row>(SESSIONS, { ...params, withMarks: JSON.stringify(withMarks) })) out.sessions.set(str(row.id), sessionFromRow(row));
    for (const row of all<Row>(CONSENTS, params)) out.consents.set(str(row.id), consentFromRow(row));
    for (const row of all<Row>(CERTIFICATES, params)) out.certificates.set(str(row.id), certificateFromRow(row));
  }

  const records: Omit<BatchRecords, 'marks'> = {
    courses: [...out.courses.values()],
    participants: [...out.participants.values()].map((row) => participantFromRow(row, withAddress.has(str(row.id)))),
    enrollments: [...out.enrollments.values()],
    sessions: [...out.sessions.values()],
    consents: [...out.consents.values()],
    certificates: [...out.certificates.values()],
  };
  // The rest of the records object after the marks: `,"courses":[…],…}`.
  write(`],${JSON.stringify(records).slice(1)}`);

  // Erasures since the earliest window: a person's courses are gone with them.
  const since = courses.some((c) => c.since === null) ? null : courses.map((c) => c.since as string).sort()[0] ?? null;
  const tombstones: TombstoneRecord[] = all<Row>(TOMBSTONES, { since, until }).map((r) => ({
    id: str(r.id),
    entity: r.entity as TombstoneRecord['entity'],
    entityId: str(r.entity_id),
    cause: r.cause as TombstoneRecord['cause'],
    erasedAt: str(r.erased_at),
  }));

  const participantIds = new Set<string>([
    ...records.participants.map((p) => p.id),
    ...records.enrollments.map((e) => e.participantId),
    ...marked,
    ...records.consents.map((c) => c.participantId),
    ...records.certificates.map((c) => c.participantId),
  ]);
  return {
    tombstones,
    counts: {
      courses: records.courses.length,
      participants: records.participants.length,
      enrollments: records.enrollments.length,
      sessions: records.sessions.length,
      marks,
      consents: records.consents.length,
      certificates: records.certificates.length,
      tombstones: tombstones.length,
    },
    participantIds: [...participantIds],
  };
}
