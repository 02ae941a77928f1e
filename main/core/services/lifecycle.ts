import { randomUUID } from 'node:crypto';
import { isoNow } from '../clock';
import { AppError } from '../errors';
import type { ValidationKey } from '../../contract/messages';
import { MERGE_FIELDS } from '../../contract/privacy-schemas';
import type { MergeField, WithdrawalReason } from '../../contract/privacy-schemas';
import type { CourseRef, MergePreview, MergeResult, ParticipantDetail } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';
import type { ParticipantService } from './participants';
import { refreshParticipantKeys } from './people-keys';

/** The stored columns behind each field a merge picks. */
const MERGE_COLUMNS: Record<MergeField, readonly string[]> = {
  name: ['first_name', 'last_name'],
  birthDate: ['birth_date'],
  email: ['email'],
  mobile: ['mobile'],
  gender: ['gender'],
  address: ['address_street', 'address_postal_code', 'address_city'],
  interests: ['interests'],
};

const ALL_MERGE_COLUMNS = MERGE_FIELDS.flatMap((field) => MERGE_COLUMNS[field]);

type PersonColumns = Record<string, string | null>;

type TombstoneCause = 'removed' | 'merge';

/**
 * A participant's life on a course beyond registering and editing: leaving it
 * (withdrawal and reinstatement), a registration made in error, and two
 * records of one person merged into one. Each is one transaction; erasing a
 * record leaves a tombstone (ids and time only) and checkpoints the WAL, so
 * nothing of it stays readable in the files (secure_delete is on).
 */
export class LifecycleService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly participants: ParticipantService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  // ---------- withdrawal ----------

  /**
   * The participant leaves the course from `date` on (the first day they no
   * longer attend): they leave roll calls from that day and stay in earlier
   * ones. Withdrawing again corrects the date or the reason.
   */
  withdraw(courseId: string, participantId: string, date: string, reason: WithdrawalReason): ParticipantDetail {
    const course = this.courses.facts(courseId);
    this.enrollmentId(courseId, participantId);
    if (date < course.startDate || date > course.endDate) throw new AppError('VALIDATION', { date: 'withdrawalOutsideCourse' });
    // Attending on or after the day they left contradicts it: the date must be later.
    const attended = this.sql(
      `SELECT 1 FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id
       WHERE s.course_id = ? AND m.participant_id = ? AND s.cancelled = 0 AND s.date >= ? AND m.status IN ('present', 'late') LIMIT 1`,
    ).get(courseId, participantId, date);
    if (attended) throw new AppError('VALIDATION', { date: 'withdrawalAfterAttendance' });
    this.ctx.db.transaction(() => {
      this.sql(
        'UPDATE participant_enrollments SET withdrawn_on = ?, withdrawal_reason = ?, updated_at = ? WHERE course_id = ? AND participant_id = ?',
      ).run(date, reason, isoNow(this.ctx.clock), courseId, participantId);
      this.audit.record({
        action: 'withdraw',
        entity: 'enrollment',
        entityId: participantId,
        courseId,
        fields: ['withdrawn_on', 'withdrawal_reason'],
      });
    })();
    return this.participants.get(courseId, participantId);
  }

  /** Undoes a withdrawal: the participant is back in every roll call of the course. */
  reinstate(courseId: string, participantId: string): ParticipantDetail {
    this.courses.facts(courseId);
    this.enrollmentId(courseId, participantId);
    const row = this.sql('SELECT withdrawn_on FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(
      courseId,
      participantId,
    ) as { withdrawn_on: string | null };
    if (row.withdrawn_on === null) throw new AppError('NOT_WITHDRAWN');
    this.ctx.db.transaction(() => {
      this.sql(
        'UPDATE participant_enrollments SET withdrawn_on = NULL, withdrawal_reason = NULL, updated_at = ? WHERE course_id = ? AND participant_id = ?',
      ).run(isoNow(this.ctx.clock), courseId, participantId);
      this.audit.record({
        action: 'reinstate',
        entity: 'enrollment',
        entityId: participantId,
        courseId,
        fields: ['withdrawn_on', 'withdrawal_reason'],
      });
    })();
    return this.participants.get(courseId, participantId);
  }

  // ---------- a registration made in error ----------

  /**
   * Removes a registration made in error, while nothing has been recorded for
   * it (attendance, a reason for a change, a certificate). A person left
   * without any course was never meant to be here: they are erased entirely.
   */
  removeRegistration(courseId: string, participantId: string): { personErased: boolean } {
    this.courses.facts(courseId);
    const enrollmentId = this.enrollmentId(courseId, participantId);
    const records = this.sql(
      `SELECT EXISTS (SELECT 1 FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id
                      WHERE s.course_id = @courseId AND m.participant_id = @participantId)
           OR EXISTS (SELECT 1 FROM attendance_change_reasons r JOIN course_sessions s ON s.id = r.session_id
                      WHERE s.course_id = @courseId AND r.participant_id = @participantId)
           OR EXISTS (SELECT 1 FROM certificates c WHERE c.course_id = @courseId AND c.participant_id = @participantId) AS found`,
    ).get({ courseId, participantId }) as { found: 0 | 1 };
    if (records.found === 1) throw new AppError('REGISTRATION_HAS_RECORDS');
    let personErased = false;
    this.ctx.db.transaction(() => {
      this.sql('DELETE FROM participant_enrollments WHERE id = ?').run(enrollmentId);
      this.tombstone('enrollment', enrollmentId, 'removed');
      this.audit.record({ action: 'remove', entity: 'enrollment', entityId: participantId, courseId });
      const otherCourse = this.sql('SELECT 1 FROM participant_enrollments WHERE participant_id = ? LIMIT 1').get(participantId);
      if (otherCourse) {
        refreshParticipantKeys(this.ctx.db, participantId); // an employer of this enrollment is no longer searchable
      } else {
        this.erasePerson(participantId, 'removed', courseId);
        personErased = true;
      }
    })();
    if (personErased) this.checkpoint();
    return { personErased };
  }

  // ---------- two records of one person ----------

  mergePreview(keepId: string, mergeId: string): MergePreview {
    if (keepId === mergeId) throw new AppError('VALIDATION', { mergeId: 'mergeSamePerson' });
    const keep = this.participants.person(keepId);
    const merge = this.participants.person(mergeId);
    const [keepRow, mergeRow] = [this.columns(keepId), this.columns(mergeId)];
    return {
      keep,
      merge,
      differing: MERGE_FIELDS.filter((field) => MERGE_COLUMNS[field].some((c) => keepRow[c] !== mergeRow[c])),
      sharedCourses: this.sharedCourses(keepId, mergeId),
      conflictingMarks: this.conflictingMarks(keepId, mergeId).length,
    };
  }

  /**
   * Merges `mergeId` into `keepId`: the kept record takes the chosen values;
   * enrollments, marks, certificates, consents, requests, change reasons and
   * disclosures move to it. Where both have a mark for the same session, the
   * kept record's stays and the conflict is listed; where both are enrolled in
   * a course, the kept record's enrollment stays. The merged record is then
   * erased, leaving a tombstone; the audit log names the ids and the fields
   * taken from it.
   */
  merge(keepId: string, mergeId: string, take: Partial<Record<MergeField, 'keep' | 'merge'>> = {}): MergeResult {
    if (keepId === mergeId) throw new AppError('VALIDATION', { mergeId: 'mergeSamePerson' });
    const keepRow = this.columns(keepId);
    const mergeRow = this.columns(mergeId);
    const taken = MERGE_FIELDS.filter((field) => take[field] === 'merge' && MERGE_COLUMNS[field].some((c) => keepRow[c] !== mergeRow[c]));
    const result: PersonColumns = { ...keepRow };
    for (const field of taken) for (const column of MERGE_COLUMNS[field]) result[column] = mergeRow[column] ?? null;
    this.checkMerged(result, keepId, mergeId);

    const conflicts = this.conflictingMarks(keepId, mergeId);
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      // Marks: the kept record's wins where both have one; the rest move.
      this.sql(
        `DELETE FROM attendance_marks WHERE participant_id = @mergeId
         AND session_id IN (SELECT session_id FROM attendance_marks WHERE participant_id = @keepId)`,
      ).run({ mergeId, keepId });
      this.sql('UPDATE attendance_marks SET participant_id = ?, updated_at = ? WHERE participant_id = ?').run(keepId, now, mergeId);
      // Absence notices the same way.
      this.sql(
        `DELETE FROM absence_notices WHERE participant_id = @mergeId
         AND session_id IN (SELECT session_id FROM absence_notices WHERE participant_id = @keepId)`,
      ).run({ mergeId, keepId });
      this.sql('UPDATE absence_notices SET participant_id = ?, updated_at = ? WHERE participant_id = ?').run(keepId, now, mergeId);

      // Enrollments: in a course both are on, the kept one stays (and the other goes, with a tombstone); the rest move.
      const shared = this.sql(
        `SELECT e.id FROM participant_enrollments e
         WHERE e.participant_id = ? AND EXISTS (SELECT 1 FROM participant_enrollments k WHERE k.participant_id = ? AND k.course_id = e.course_id)`,
      ).all(mergeId, keepId) as { id: string }[];
      for (const { id } of shared) {
        this.sql('DELETE FROM participant_enrollments WHERE id = ?').run(id);
        this.tombstone('enrollment', id, 'merge');
      }
      this.sql('UPDATE participant_enrollments SET participant_id = ?, updated_at = ? WHERE participant_id = ?').run(keepId, now, mergeId);

      for (const table of ['certificates', 'consent_events', 'attendance_change_reasons', 'privacy_requests']) {
        this.sql(`UPDATE ${table} SET participant_id = ?, updated_at = ? WHERE participant_id = ?`).run(keepId, now, mergeId);
      }
      this.sql(
        `INSERT OR IGNORE INTO disclosure_participants (disclosure_id, participant_id)
         SELECT disclosure_id, ? FROM disclosure_participants WHERE participant_id = ?`,
      ).run(keepId, mergeId);
      // "Not the same person as X" said of the merged record now holds for the kept one (never of itself).
      const distinct = this.sql(
        `SELECT CASE WHEN participant_a = @mergeId THEN participant_b ELSE participant_a END AS other, decided_by, created_at, device_id
         FROM participant_distinct WHERE participant_a = @mergeId OR participant_b = @mergeId`,
      ).all({ mergeId }) as { other: string; decided_by: string; created_at: string; device_id: string }[];
      for (const row of distinct) {
        if (row.other === keepId) continue;
        const [a, b] = keepId < row.other ? [keepId, row.other] : [row.other, keepId];
        this.sql(
          `INSERT OR IGNORE INTO participant_distinct (id, participant_a, participant_b, decided_by, created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(randomUUID(), a, b, row.decided_by, row.created_at, now, row.device_id);
      }

      // The latest consent answer of either record is the person's answer now.
      const latest = this.sql(
        'SELECT kind FROM consent_events WHERE participant_id = ? ORDER BY at DESC, created_at DESC LIMIT 1',
      ).get(keepId) as { kind: 'given' | 'withdrawn' } | undefined;
      this.sql(
        `UPDATE participants SET ${ALL_MERGE_COLUMNS.map((c) => `${c} = ?`).join(', ')}, consent_keep = ?, updated_at = ? WHERE id = ?`,
      ).run(...ALL_MERGE_COLUMNS.map((c) => result[c] ?? null), latest?.kind === 'given' ? 1 : 0, now, keepId);

      this.erasePerson(mergeId, 'merge', null);
      refreshParticipantKeys(this.ctx.db, keepId);
      this.audit.record({
        action: 'merge',
        entity: 'participant',
        entityId: keepId,
        fields: taken,
        detail: `merged ${mergeId}`,
      });
    })();
    this.checkpoint();
    return { participantId: keepId, conflicts };
  }

  // ---------- helpers ----------

  private enrollmentId(courseId: string, participantId: string): string {
    const row = this.sql('SELECT id FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, participantId) as
      | { id: string }
      | undefined;
    if (!row) throw new AppError('NOT_ENROLLED');
    return row.id;
  }

  private columns(participantId: string): PersonColumns {
    const row = this.sql(`SELECT ${ALL_MERGE_COLUMNS.join(', ')} FROM participants WHERE id = ?`).get(participantId) as PersonColumns | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** The merged record must still be a valid one: a way to reach the person, and an address if a course needs it. */
  private checkMerged(result: PersonColumns, keepId: string, mergeId: string): void {
    const fields: Record<string, ValidationKey> = {};
    if (result.email === null && result.mobile === null) {
      fields['take.email'] = 'contactRequired';
      fields['take.mobile'] = 'contactRequired';
    }
    const onFagbrev = this.sql(
      `SELECT 1 FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.participant_id IN (?, ?) AND c.type = 'fagbrev' LIMIT 1`,
    ).get(keepId, mergeId);
    if (onFagbrev && result.address_street === null) fields['take.address'] = 'addressRequired';
    if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', fields);
  }

  private sharedCourses(keepId: string, mergeId: string): CourseRef[] {
    return this.sql(
      `SELECT c.id, c.name FROM participant_enrollments k
       JOIN participant_enrollments m ON m.course_id = k.course_id AND m.participant_id = ?
       JOIN courses c ON c.id = k.course_id
       WHERE k.participant_id = ? ORDER BY c.start_date, c.name`,
    ).all(mergeId, keepId) as CourseRef[];
  }

  /** Sessions where both records have a mark: the kept record's stays. */
  private conflictingMarks(keepId: string, mergeId: string): MergeResult['conflicts'] {
    return this.sql(
      `SELECT s.id AS sessionId, s.course_id AS courseId, s.date AS date
       FROM attendance_marks k
       JOIN attendance_marks m ON m.session_id = k.session_id AND m.participant_id = ?
       JOIN course_sessions s ON s.id = k.session_id
       WHERE k.participant_id = ? ORDER BY s.date, s.start_time`,
    ).all(mergeId, keepId) as MergeResult['conflicts'];
  }

  /**
   * Erases one person's record (the caller holds the transaction): their rows
   * go with it (ON DELETE CASCADE), requests stay as facts without the person
   * or the free text about them, and a tombstone says which record went.
   */
  private erasePerson(participantId: string, cause: TombstoneCause, courseId: string | null): void {
    this.sql('UPDATE privacy_requests SET note = NULL, updated_at = ? WHERE participant_id = ?').run(isoNow(this.ctx.clock), participantId);
    this.sql('DELETE FROM participants WHERE id = ?').run(participantId);
    this.tombstone('participant', participantId, cause);
    this.audit.record({ action: 'erase', entity: 'participant', entityId: participantId, courseId: courseId ?? undefined, detail: cause });
  }

  private tombstone(entity: 'participant' | 'enrollment', entityId: string, cause: TombstoneCause): void {
    this.sql('INSERT INTO tombstones (id, entity, entity_id, cause, erased_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      randomUUID(),
      entity,
      entityId,
      cause,
      isoNow(this.ctx.clock),
      this.ctx.deviceId,
    );
  }

  /**
   * Moves the committed pages into the database file and empties the WAL, so
   * the erased rows (overwritten there by secure_delete) leave no copy in it.
   * Best effort: the erasure itself is already committed.
   */
  private checkpoint(): void {
    try {
      this.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A busy checkpoint is retried by the next one; SQLite checkpoints on its own as well.
    }
  }
}
