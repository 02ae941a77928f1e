import type { CourseMergePreview, MergeConflict, RecordCounts } from '../../contract/types';
import { isoNow } from '../clock';
import type { Db } from '../db/database';
import type { AuditLog } from '../services/audit';
import type { ServiceContext } from '../services/context';
import { statementCache } from '../services/context';
import type { ErasureCause, ErasureService } from '../services/erasure';
import { refreshParticipantKeys } from '../services/people-keys';
import {
  certificateFromRow,
  consentFromRow,
  courseFromRow,
  enrollmentFromRow,
  markFromRow,
  participantFromRow,
  sessionFromRow,
} from './collect';
import type {
  BatchPayload,
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
 * The import side of a batch: what it would change (a preview per course) and
 * applying it inside the caller's transaction.
 *
 * - Records merge by UUID (enrollments and marks also by their natural key,
 *   course + person and session + person, which the schema keeps unique).
 * - Where our row differs, the newer updatedAt wins; a tie keeps ours. It is a
 *   conflict, listed, when we changed the row too since the sender's last
 *   batch for that course (its `since`; every differing row on a first batch).
 * - Nothing erased here comes back: records of a person, course or enrollment
 *   we hold a tombstone for are skipped, as are records whose course, person
 *   or session is neither here nor in the batch.
 * - Tombstones erase through the erasure code of issue 9 (course figures kept,
 *   certificates moved to the register of erased certificates, requests kept
 *   as facts, a tombstone and an audit entry); one for something unknown erases
 *   nothing and is only remembered, so a later batch cannot bring it back.
 * - A course whose personal data the sender erased keeps its figures here
 *   before its people go, and stays erased whatever the timestamps say.
 * - Derived columns are made right afterwards: the people keys (duplicate
 *   check, search, sort) and the current consent answer from the history.
 */

// The preview's shapes are the contract's: the renderer shows exactly what this returns.
export type { CourseMergePreview, MergeConflict, RecordCounts } from '../../contract/types';

export interface MergeResult {
  added: number;
  changed: number;
  erased: number;
  conflicts: number;
  skipped: number;
}

/** What applying needs beyond the context: the erasure code path and the audit log. */
export interface MergeServices {
  erasure: ErasureService;
  audit: AuditLog;
}

type Kind = keyof RecordCounts;

type AnyRecord = CourseRecord | ParticipantRecord | EnrollmentRecord | SessionRecord | MarkRecord | ConsentRecord | CertificateRecord;

interface Step {
  kind: Kind;
  record: AnyRecord;
  courseId: string;
  /** add: insert; update: theirs wins; keep: ours wins; same: nothing differs; skip: left out. */
  action: 'add' | 'update' | 'keep' | 'same' | 'skip';
  /** Our row's id when it matched by natural key under another id. */
  localId: string | null;
  conflict: MergeConflict | null;
}

interface TombstoneStep {
  tombstone: TombstoneRecord;
  /** Erases something we hold (counted), or is only remembered. */
  known: boolean;
  courseId: string | null;
}

interface Plan {
  steps: Step[];
  tombstones: TombstoneStep[];
  /** Courses whose personal data the sender erased and we still hold. */
  newlyErased: string[];
}

const zero = (): RecordCounts => ({ courses: 0, participants: 0, enrollments: 0, sessions: 0, marks: 0, consents: 0, certificates: 0 });

const META = new Set(['id', 'createdAt', 'updatedAt', 'deviceId']);

/** True when a carried field differs; a participant's address null means "not carried", never "removed". */
function differs(theirs: AnyRecord, ours: AnyRecord, kind: Kind): boolean {
  for (const key of Object.keys(theirs)) {
    if (META.has(key)) continue;
    const a = (theirs as unknown as Record<string, unknown>)[key];
    const b = (ours as unknown as Record<string, unknown>)[key];
    if (kind === 'participants' && key === 'address' && a === null) continue;
    // A field an older batch does not carry (a course's English texts) is no difference.
    if (a === undefined) continue;
    if (JSON.stringify(a) !== JSON.stringify(b)) return true;
  }
  return false;
}

/** "2025-03-04" → "04.03.2025". */
const norwegianDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;

/** Reads what the merge compares against: our rows as payload records, and who and what they are. */
class LocalView {
  readonly sql;
  private readonly theirPeople: Map<string, ParticipantRecord>;
  private readonly theirSessions: Map<string, SessionRecord>;

  constructor(
    readonly db: Db,
    readonly payload: BatchPayload,
  ) {
    this.sql = statementCache(db);
    this.theirPeople = new Map(payload.records.participants.map((p) => [p.id, p]));
    this.theirSessions = new Map(payload.records.sessions.map((s) => [s.id, s]));
  }

  tombstoned(entity: TombstoneRecord['entity'], id: string): boolean {
    return this.sql('SELECT 1 FROM tombstones WHERE entity = ? AND entity_id = ? LIMIT 1').get(entity, id) !== undefined;
  }

  row(sql: string, ...params: unknown[]): Record<string, unknown> | undefined {
    return this.sql(sql).get(...params) as Record<string, unknown> | undefined;
  }

  /** Our version of a record: by id, then by natural key. */
  ours(kind: Kind, record: AnyRecord): AnyRecord | undefined {
    switch (kind) {
      case 'courses': {
        const row = this.row('SELECT * FROM courses WHERE id = ?', record.id);
        return row && courseFromRow(row);
      }
      case 'participants': {
        const row = this.row('SELECT * FROM participants WHERE id = ?', record.id);
        return row && participantFromRow(row, true);
      }
      case 'enrollments': {
        const e = record as EnrollmentRecord;
        const row =
          this.row('SELECT * FROM participant_enrollments WHERE id = ?', e.id) ??
          this.row('SELECT * FROM participant_enrollments WHERE course_id = ? AND participant_id = ?', e.courseId, e.participantId);
        return row && enrollmentFromRow(row);
      }
      case 'sessions': {
        const row = this.row('SELECT * FROM course_sessions WHERE id = ?', record.id);
        return row && sessionFromRow(row);
      }
      case 'marks': {
        const m = record as MarkRecord;
        const row =
          this.row('SELECT * FROM attendance_marks WHERE id = ?', m.id) ??
          this.row('SELECT * FROM attendance_marks WHERE session_id = ? AND participant_id = ?', m.sessionId, m.participantId);
        return row && markFromRow(row);
      }
      case 'consents': {
        const row = this.row('SELECT * FROM consent_events WHERE id = ?', record.id);
        return row && consentFromRow(row);
      }
      case 'certificates': {
        const c = record as CertificateRecord;
        const row =
          this.row('SELECT * FROM certificates WHERE id = ?', c.id) ??
          this.row('SELECT * FROM certificates WHERE number = ? OR verification_code = ?', c.number, c.verificationCode);
        return row && certificateFromRow(row);
      }
    }
  }

  private readonly people = new Map<string, string>();

  personLabel(participantId: string): string {
    let label = this.people.get(participantId);
    if (label === undefined) {
      const theirs = this.theirPeople.get(participantId);
      const row = theirs
        ? { last_name: theirs.lastName, first_name: theirs.firstName }
        : (this.row('SELECT first_name, last_name FROM participants WHERE id = ?', participantId) as { first_name: string; last_name: string } | undefined);
      label = row ? `${row.last_name}, ${row.first_name}` : participantId;
      this.people.set(participantId, label);
    }
    return label;
  }

  session(sessionId: string): { courseId: string; date: string; startTime: string } | undefined {
    const theirs = this.theirSessions.get(sessionId);
    if (theirs) return theirs;
    const row = this.row('SELECT course_id, date, start_time FROM course_sessions WHERE id = ?', sessionId) as
      | { course_id: string; date: string; start_time: string }
      | undefined;
    return row && { courseId: row.course_id, date: row.date, startTime: row.start_time };
  }

  courseName(courseId: string): string {
    const theirs = this.payload.records.courses.find((c) => c.id === courseId) ?? this.payload.manifest.courses.find((c) => c.id === courseId);
    if (theirs) return theirs.name;
    return (this.row('SELECT name FROM courses WHERE id = ?', courseId) as { name: string } | undefined)?.name ?? courseId;
  }

  label(kind: Kind, record: AnyRecord): string {
    switch (kind) {
      case 'courses':
        return (record as CourseRecord).name;
      case 'participants':
        return `${(record as ParticipantRecord).lastName}, ${(record as ParticipantRecord).firstName}`;
      case 'enrollments':
        return `${this.personLabel((record as EnrollmentRecord).participantId)} · ${this.courseName((record as EnrollmentRecord).courseId)}`;
      case 'sessions':
        return `${norwegianDate((record as SessionRecord).date)} ${(record as SessionRecord).startTime}`;
      case 'marks': {
        const session = this.session((record as MarkRecord).sessionId);
        return `${this.personLabel((record as MarkRecord).participantId)} · ${session ? norwegianDate(session.date) : ''}`;
      }
      case 'consents':
        return `${this.personLabel((record as ConsentRecord).participantId)} · ${norwegianDate((record as ConsentRecord).at.slice(0, 10))}`;
      case 'certificates':
        return (record as CertificateRecord).number;
    }
  }
}

/** Decides what every record and tombstone does, without writing. */
function plan(db: Db, payload: BatchPayload): Plan {
  const view = new LocalView(db, payload);
  const { manifest, records } = payload;
  const since = new Map(manifest.courses.map((c) => [c.id, c.since]));
  const firstCourse = manifest.courses[0]!.id;
  const erasedHere = new Set(payload.tombstones.map((t) => `${t.entity}:${t.entityId}`));
  const gone = (entity: TombstoneRecord['entity'], id: string) => erasedHere.has(`${entity}:${id}`) || view.tombstoned(entity, id);

  // What exists once the batch is applied: ours, plus what it adds.
  const exists = {
    courses: new Set<string>(),
    participants: new Set<string>(),
    sessions: new Set<string>(),
    certificates: new Set<string>(),
  };
  const has = (kind: keyof typeof exists, id: string, table: string) =>
    exists[kind].has(id) || view.row(`SELECT 1 AS found FROM ${table} WHERE id = ?`, id) !== undefined;

  // The batch course a person is counted under: the first of theirs in the manifest.
  const coursesOf = new Map<string, string>();
  for (const e of records.enrollments) if (!coursesOf.has(e.participantId)) coursesOf.set(e.participantId, e.courseId);
  const personCourse = (participantId: string) => {
    const known = coursesOf.get(participantId);
    if (known) return known;
    const local = view.row(
      'SELECT course_id FROM participant_enrollments WHERE participant_id = ? AND course_id IN (SELECT value FROM json_each(?)) LIMIT 1',
      participantId,
      JSON.stringify(manifest.courses.map((c) => c.id)),
    ) as { course_id: string } | undefined;
    const courseId = local?.course_id ?? firstCourse;
    coursesOf.set(participantId, courseId);
    return courseId;
  };

  const steps: Step[] = [];
  const newlyErased: string[] = [];
  const decide = (kind: Kind, record: AnyRecord, courseId: string, ok: boolean) => {
    if (!ok) {
      steps.push({ kind, record, courseId, action: 'skip', localId: null, conflict: null });
      return;
    }
    const ours = view.ours(kind, record);
    if (!ours) {
      steps.push({ kind, record, courseId, action: 'add', localId: null, conflict: null });
      return;
    }
    const localId = ours.id === record.id ? null : ours.id;
    // Two certificates cannot share a number or code: ours stays, theirs is listed.
    if (kind === 'certificates' && localId !== null) {
      const conflict: MergeConflict = { kind, id: record.id, label: view.label(kind, record), oursUpdatedAt: ours.updatedAt, theirsUpdatedAt: record.updatedAt, winner: 'ours' };
      steps.push({ kind, record, courseId, action: 'skip', localId, conflict });
      return;
    }
    if (kind === 'courses') {
      const theirs = record as CourseRecord;
      if (theirs.personalDataErasedAt !== null && (ours as CourseRecord).personalDataErasedAt === null) newlyErased.push(theirs.id);
    }
    if (!differs(record, ours, kind)) {
      steps.push({ kind, record, courseId, action: 'same', localId, conflict: null });
      return;
    }
    const winner = record.updatedAt > ours.updatedAt ? 'theirs' : 'ours';
    const base = since.get(courseId) ?? null;
    const conflicted = base === null || ours.updatedAt > base;
    steps.push({
      kind,
      record,
      courseId,
      action: winner === 'theirs' ? 'update' : 'keep',
      localId,
      conflict: conflicted
        ? { kind, id: record.id, label: view.label(kind, record), oursUpdatedAt: ours.updatedAt, theirsUpdatedAt: record.updatedAt, winner }
        : null,
    });
  };
  const added = (kind: keyof typeof exists, id: string) => {
    const last = steps.at(-1);
    if (last && last.record.id === id && last.action !== 'skip') exists[kind].add(id);
  };

  for (const c of records.courses) {
    decide('courses', c, c.id, !gone('course', c.id));
    added('courses', c.id);
  }
  for (const p of records.participants) {
    decide('participants', p, personCourse(p.id), !gone('participant', p.id));
    added('participants', p.id);
  }
  const person = (id: string) => !gone('participant', id) && has('participants', id, 'participants');
  const course = (id: string) => !gone('course', id) && has('courses', id, 'courses');
  for (const e of records.enrollments) decide('enrollments', e, e.courseId, !gone('enrollment', e.id) && course(e.courseId) && person(e.participantId));
  for (const s of records.sessions) {
    decide('sessions', s, s.courseId, course(s.courseId));
    added('sessions', s.id);
  }
  for (const m of records.marks) {
    const session = view.session(m.sessionId);
    const ok = session !== undefined && course(session.courseId) && has('sessions', m.sessionId, 'course_sessions') && person(m.participantId);
    decide('marks', m, session?.courseId ?? firstCourse, ok);
  }
  for (const c of records.consents) decide('consents', c, personCourse(c.participantId), person(c.participantId));
  for (const c of records.certificates) {
    decide('certificates', c, c.courseId, course(c.courseId) && person(c.participantId));
    added('certificates', c.id);
  }

  const tombstones = payload.tombstones.map((tombstone): TombstoneStep => {
    const table = { participant: 'participants', course: 'courses', enrollment: 'participant_enrollments' }[tombstone.entity];
    const row = view.row(`SELECT * FROM ${table} WHERE id = ?`, tombstone.entityId);
    const courseId =
      tombstone.entity === 'course'
        ? tombstone.entityId
        : tombstone.entity === 'enrollment'
          ? ((row?.course_id as string | undefined) ?? null)
          : row
            ? personCourse(tombstone.entityId)
            : null;
    return { tombstone, known: row !== undefined, courseId };
  });
  return { steps, tombstones, newlyErased };
}

/** Per course of the batch: what it adds, changes and erases, what stays as it is, and every conflict. Pure read. */
export function previewMerge(db: Db, payload: BatchPayload): CourseMergePreview[] {
  const { steps, tombstones } = db.transaction(() => plan(db, payload))();
  const previews = new Map<string, CourseMergePreview>(
    payload.manifest.courses.map((c) => [
      c.id,
      { courseId: c.id, courseName: c.name, added: zero(), changed: zero(), erased: 0, unchanged: 0, skipped: 0, conflicts: [] },
    ]),
  );
  const first = previews.values().next().value!;
  for (const step of steps) {
    const preview = previews.get(step.courseId) ?? first;
    if (step.action === 'add') preview.added[step.kind]++;
    else if (step.action === 'update') preview.changed[step.kind]++;
    else if (step.action === 'skip') preview.skipped++;
    else preview.unchanged++;
    if (step.conflict) preview.conflicts.push(step.conflict);
  }
  for (const t of tombstones) if (t.known) (previews.get(t.courseId ?? '') ?? first).erased++;
  return [...previews.values()];
}

/**
 * Applies a batch inside the caller's transaction (nested db.transaction
 * calls are savepoints); an error anywhere leaves nothing written once the
 * caller's transaction rolls back. onProgress(done, total) for the UI.
 */
export function applyMerge(
  ctx: ServiceContext,
  services: MergeServices,
  payload: BatchPayload,
  onProgress?: (done: number, total: number) => void,
): MergeResult {
  const { db } = ctx;
  const sql = statementCache(db);
  const { steps, tombstones, newlyErased } = plan(db, payload);
  const total = steps.length + tombstones.length + 1;
  let done = 0;
  const tick = () => {
    done++;
    if (onProgress && (done % 250 === 0 || done === total)) onProgress(done, total);
  };
  const touched = new Set<string>();
  const consentsOf = new Set<string>();
  const replacements: CertificateRecord[] = [];
  const result: MergeResult = { added: 0, changed: 0, erased: 0, conflicts: 0, skipped: 0 };

  for (const step of steps) {
    if (step.conflict) result.conflicts++;
    if (step.action === 'add' || step.action === 'update') {
      write(sql, step);
      if (step.action === 'add') result.added++;
      else result.changed++;
      const r = step.record as Partial<EnrollmentRecord>;
      if (step.kind === 'participants') touched.add(step.record.id);
      if (step.kind === 'enrollments' && r.participantId) touched.add(r.participantId);
      if (step.kind === 'consents' && r.participantId) consentsOf.add(r.participantId);
      if (step.kind === 'certificates') replacements.push(step.record as CertificateRecord);
    } else if (step.action === 'skip') {
      result.skipped++;
    }
    tick();
  }
  // A replaced certificate points at its replacement, which may come later in the batch.
  const replace = sql('UPDATE certificates SET replaced_by = (SELECT id FROM certificates WHERE id = ?) WHERE id = ?');
  for (const c of replacements) replace.run(c.replacedBy, c.id);

  // The current consent answer is the latest in the history.
  const latest = sql(
    `UPDATE participants SET consent_keep = (
       SELECT kind = 'given' FROM consent_events WHERE participant_id = participants.id ORDER BY at DESC, created_at DESC LIMIT 1)
     WHERE id = ? AND EXISTS (SELECT 1 FROM consent_events WHERE participant_id = participants.id)`,
  );
  for (const id of consentsOf) latest.run(id);

  const now = isoNow(ctx.clock);
  // The sender erased these courses' personal data: keep their figures while everyone is still here.
  for (const courseId of newlyErased) {
    services.erasure.keepStatistics(courseId, now);
    sql('UPDATE course_sessions SET cancel_reason = NULL WHERE course_id = ? AND cancel_reason IS NOT NULL').run(courseId);
    services.audit.record({ action: 'erase', entity: 'course', entityId: courseId, courseId, detail: `batch ${payload.manifest.batchId}: personal data erased by the sender` });
  }

  result.erased = applyTombstones(ctx, services, payload, tombstones, touched, now, tick);

  refreshParticipantKeys(db, ...[...touched].filter((id) => sql('SELECT 1 FROM participants WHERE id = ?').get(id) !== undefined));
  tick();
  return result;
}

function applyTombstones(
  ctx: ServiceContext,
  services: MergeServices,
  payload: BatchPayload,
  steps: readonly TombstoneStep[],
  touched: Set<string>,
  now: string,
  tick: () => void,
): number {
  const sql = statementCache(ctx.db);
  const remember = sql('INSERT OR IGNORE INTO tombstones (id, entity, entity_id, cause, erased_at, device_id) VALUES (?, ?, ?, ?, ?, ?)');
  const seen = sql('SELECT 1 FROM tombstones WHERE id = ?');
  const exists = (table: string, id: string) => sql(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  let erased = 0;
  // People by cause, in one erasure each (the erasure reads every course's state once per call).
  const people = new Map<ErasureCause, string[]>();
  for (const { tombstone: t } of steps) {
    if (seen.get(t.id)) {
      tick();
      continue;
    }
    if (t.entity === 'enrollment' && exists('participant_enrollments', t.entityId)) {
      const row = sql('SELECT participant_id FROM participant_enrollments WHERE id = ?').get(t.entityId) as { participant_id: string };
      sql('DELETE FROM participant_enrollments WHERE id = ?').run(t.entityId);
      touched.add(row.participant_id); // an employer of this enrollment is no longer searchable
      erased++;
    } else if (t.entity === 'course' && exists('courses', t.entityId)) {
      // As deleting a course: the people only on it, without consent, go with it.
      const states = services.erasure.courseStates();
      const erase = services.erasure
        .classify(t.entityId, new Set([t.entityId]), states)
        .filter((p) => p.fate === 'erase')
        .map((p) => p.participantId);
      services.erasure.erasePeople(erase, 'courseDeleted', new Map(), now);
      sql('DELETE FROM courses WHERE id = ?').run(t.entityId);
      services.audit.record({ action: 'delete', entity: 'course', entityId: t.entityId, courseId: t.entityId, detail: `batch ${payload.manifest.batchId}: erased ${erase.length}` });
      erased++;
    } else if (t.entity === 'participant' && exists('participants', t.entityId)) {
      const list = people.get(t.cause) ?? [];
      list.push(t.entityId);
      people.set(t.cause, list);
      erased++;
    }
    // Remembered in any case, so no later batch brings the record back.
    remember.run(t.id, t.entity, t.entityId, t.cause, t.erasedAt, payload.manifest.deviceId);
    tick();
  }
  for (const [cause, ids] of people) {
    // A person on an erased course may have gone with it above.
    const still = ids.filter((id) => exists('participants', id));
    services.erasure.erasePeople(still, cause, new Map(), now, `batch ${payload.manifest.batchId}: ${cause}`);
  }
  return erased;
}

// ---------- writing one record ----------

type Sql = ReturnType<typeof statementCache>;

function write(sql: Sql, step: Step): void {
  const add = step.action === 'add';
  const id = step.localId ?? step.record.id;
  switch (step.kind) {
    case 'courses': {
      const c = step.record as CourseRecord;
      const values = [c.name, c.type, c.place, c.startDate, c.endDate, c.plannedHours, c.teacher, c.description, c.learningGoals, c.status,
        c.financialReportApprovedAt, c.requiredAttendancePercent, c.signerName, c.signerTitle];
      // Not carried (an older batch): null on a new course, ours kept on an update.
      const english = [c.englishName, c.englishDescription, c.englishLearningGoals];
      if (add) {
        sql(
          `INSERT INTO courses (name, type, place, start_date, end_date, planned_hours, teacher, description, learning_goals, status,
             financial_report_approved_at, required_attendance_percent, signer_name, signer_title, english_name, english_description,
             english_learning_goals, personal_data_erased_at, funder_name, funder_reference, id, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...values, ...english.map((v) => v ?? null), c.personalDataErasedAt, c.funderName ?? null, c.funderReference ?? null, c.id, c.createdAt, c.updatedAt, c.deviceId);
      } else {
        // Erased stays erased, whichever side is newer.
        sql(
          `UPDATE courses SET name = ?, type = ?, place = ?, start_date = ?, end_date = ?, planned_hours = ?, teacher = ?, description = ?,
             learning_goals = ?, status = ?, financial_report_approved_at = ?, required_attendance_percent = ?, signer_name = ?,
             signer_title = ?, english_name = CASE WHEN ? THEN ? ELSE english_name END,
             english_description = CASE WHEN ? THEN ? ELSE english_description END,
             english_learning_goals = CASE WHEN ? THEN ? ELSE english_learning_goals END,
             personal_data_erased_at = coalesce(personal_data_erased_at, ?),
             funder_name = CASE WHEN ? THEN ? ELSE funder_name END, funder_reference = CASE WHEN ? THEN ? ELSE funder_reference END,
             updated_at = ?
           WHERE id = ?`,
        ).run(
          ...values,
          ...english.flatMap((v) => [v === undefined ? 0 : 1, v ?? null]),
          c.personalDataErasedAt,
          // An older batch does not carry the funder: ours stays.
          c.funderName === undefined ? 0 : 1,
          c.funderName ?? null,
          c.funderReference === undefined ? 0 : 1,
          c.funderReference ?? null,
          c.updatedAt,
          id,
        );
      }
      return;
    }
    case 'participants': {
      const p = step.record as ParticipantRecord;
      const a = p.address;
      if (add) {
        // The keys are derived after the whole batch (enrollments bring employers).
        sql(
          `INSERT INTO participants (id, first_name, last_name, birth_date, email, mobile, gender, address_street, address_postal_code,
             address_city, interests, consent_keep, identity_key, search_key, sort_key, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, ?, ?)`,
        ).run(p.id, p.firstName, p.lastName, p.birthDate, p.email, p.mobile, p.gender, a?.street ?? null, a?.postalCode ?? null, a?.city ?? null,
          p.interests, p.consentKeep ? 1 : 0, p.createdAt, p.updatedAt, p.deviceId);
      } else {
        // An address not carried (no trade-certificate course in the batch) keeps ours.
        sql(
          `UPDATE participants SET first_name = ?, last_name = ?, birth_date = ?, email = ?, mobile = ?, gender = ?,
             address_street = coalesce(?, address_street), address_postal_code = coalesce(?, address_postal_code),
             address_city = coalesce(?, address_city), interests = ?, consent_keep = ?, updated_at = ?
           WHERE id = ?`,
        ).run(p.firstName, p.lastName, p.birthDate, p.email, p.mobile, p.gender, a?.street ?? null, a?.postalCode ?? null, a?.city ?? null,
          p.interests, p.consentKeep ? 1 : 0, p.updatedAt, id);
      }
      return;
    }
    case 'enrollments': {
      const e = step.record as EnrollmentRecord;
      if (add) {
        sql(
          `INSERT INTO participant_enrollments (id, course_id, participant_id, source, employer_name, withdrawn_on, withdrawal_reason,
             created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(e.id, e.courseId, e.participantId, e.source, e.employerName, e.withdrawnOn, e.withdrawalReason, e.createdAt, e.updatedAt, e.deviceId);
      } else {
        sql(
          `UPDATE participant_enrollments SET source = ?, employer_name = ?, withdrawn_on = ?, withdrawal_reason = ?, updated_at = ?
           WHERE id = ?`,
        ).run(e.source, e.employerName, e.withdrawnOn, e.withdrawalReason, e.updatedAt, id);
      }
      return;
    }
    case 'sessions': {
      const s = step.record as SessionRecord;
      const values = [s.date, s.startTime, s.endTime, s.hours, s.cancelled ? 1 : 0, s.signedOffAt, s.signedOffBy];
      if (add) {
        sql(
          `INSERT INTO course_sessions (date, start_time, end_time, hours, cancelled, signed_off_at, signed_off_by,
             id, course_id, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...values, s.id, s.courseId, s.createdAt, s.updatedAt, s.deviceId);
      } else {
        sql(
          `UPDATE course_sessions SET date = ?, start_time = ?, end_time = ?, hours = ?, cancelled = ?, signed_off_at = ?, signed_off_by = ?,
             updated_at = ?
           WHERE id = ?`,
        ).run(...values, s.updatedAt, id);
      }
      return;
    }
    case 'marks': {
      const m = step.record as MarkRecord;
      // A batch never brings an absence reason (the payload drops one from older batches): head office is not to hold it.
      if (add) {
        sql(
          `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, absence_reason, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
        ).run(m.id, m.sessionId, m.participantId, m.status, m.hours, m.createdAt, m.updatedAt, m.deviceId);
      } else {
        // The sender's newer mark replaces ours, reason included: cleared, not kept. Here (head office) a reason can
        // only have come in an older batch, which is just what it should not hold; and a kept reason would be about
        // an absence the sender may have changed (the table refuses one on a present or late mark).
        sql('UPDATE attendance_marks SET status = ?, hours = ?, absence_reason = NULL, updated_at = ? WHERE id = ?').run(m.status, m.hours, m.updatedAt, id);
      }
      return;
    }
    case 'consents': {
      const c = step.record as ConsentRecord;
      if (add) {
        sql(
          `INSERT INTO consent_events (id, participant_id, kind, method, at, recorded_by, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(c.id, c.participantId, c.kind, c.method, c.at, c.recordedBy, c.createdAt, c.updatedAt, c.deviceId);
      } else {
        sql('UPDATE consent_events SET participant_id = ?, kind = ?, method = ?, at = ?, recorded_by = ?, updated_at = ? WHERE id = ?').run(
          c.participantId, c.kind, c.method, c.at, c.recordedBy, c.updatedAt, id,
        );
      }
      return;
    }
    case 'certificates': {
      const c = step.record as CertificateRecord;
      // replaced_by is set once every certificate of the batch is in.
      if (add) {
        sql(
          `INSERT INTO certificates (id, number, verification_code, participant_id, course_id, language, issued_at, issued_by,
             content_json, content_hash, replaced_by, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
        ).run(c.id, c.number, c.verificationCode, c.participantId, c.courseId, c.language, c.issuedAt, c.issuedBy, c.contentJson, c.contentHash,
          c.createdAt, c.updatedAt, c.deviceId);
      } else {
        sql('UPDATE certificates SET participant_id = ?, updated_at = ? WHERE id = ?').run(c.participantId, c.updatedAt, id);
      }
      return;
    }
  }
}

