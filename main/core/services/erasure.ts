import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import type { Course, CourseRef, CourseStatistics, ErasureCheck, ErasureResult, Gender, PersonRef } from '../../contract/types';
import type { AuditLog } from './audit';
import type { CertificateBatches } from './certificates-batch';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';
import type { ErasedCertificates, HolderHash } from './erased-certificates';

/** Why a person was erased, as the tombstone records it (merge and removed: for the lifecycle's own erasures). */
export type ErasureCause = 'retention' | 'request' | 'courseDeleted' | 'merge' | 'removed';

/** How a person on a course stands in a deletion: erased, or kept and why. */
export interface Classified extends PersonRef {
  fate: 'erase' | 'consent' | 'otherCourse';
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Course states whose people a run may erase: the course is due, or its personal data is already erased (people kept then may be due now). */
const RELEASED = new Set<Course['retention']['state']>(['due', 'erased']);

/**
 * Erasing personal data, the one way: by a deletion run, on request, or when
 * a course is deleted. Everything about a person goes in one transaction (the
 * participant row, and by cascade their enrollments, marks and notes, change
 * reasons, consents, certificates with their override and replacement
 * reasons, "not the same person" choices and disclosure links), except what
 * must stay without them:
 * - their certificates, moved to the register of erased certificates
 *   (verifiable by code, and by name and birth date against a salted hash);
 * - their requests, as facts (kind, dates, status) without the person or note;
 * - a tombstone (ids and time), so copies elsewhere can be erased too;
 * - an audit entry with ids, time and the acting account.
 * Afterwards the WAL is checkpointed and truncated; with secure_delete on,
 * SQLite has already overwritten the freed cells and pages with zeros.
 */
export class ErasureService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    readonly register: ErasedCertificates,
    private readonly batches: CertificateBatches,
  ) {
    this.sql = statementCache(ctx.db);
  }

  // ---------- who goes, who stays ----------

  /** Every course by id, with its retention state today. */
  courseStates(): Map<string, Course> {
    return new Map(this.courses.list().map((course) => [course.id, course]));
  }

  /**
   * The people on `courseId` and their fate when the courses in `running` are
   * erased: kept with consent to keep their data, kept while on another course
   * that still holds its data (neither due nor erased nor in this run), erased
   * otherwise.
   */
  classify(courseId: string, running: ReadonlySet<string>, states: ReadonlyMap<string, Course>): Classified[] {
    const holding = [...states.values()].filter((c) => !RELEASED.has(c.retention.state) && !running.has(c.id)).map((c) => c.id);
    const rows = this.sql(
      `SELECT p.id AS participantId, p.first_name AS firstName, p.last_name AS lastName, p.consent_keep AS consent,
              EXISTS (SELECT 1 FROM participant_enrollments o
                      WHERE o.participant_id = p.id AND o.course_id IN (SELECT value FROM json_each(?))) AS elsewhere
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       WHERE e.course_id = ?
       ORDER BY p.sort_key`,
    ).all(JSON.stringify(holding), courseId) as (PersonRef & { consent: 0 | 1; elsewhere: 0 | 1 })[];
    return rows.map(({ consent, elsewhere, ...person }) => ({
      ...person,
      fate: consent === 1 ? 'consent' : elsewhere === 1 ? 'otherCourse' : 'erase',
    }));
  }

  // ---------- statistics ----------

  /** Counts, hours and rates of a course as it stands: no person, only figures. */
  computeStatistics(courseId: string): CourseStatistics {
    const course = this.courses.facts(courseId);
    const today = todayInNorway(this.ctx.clock);
    const held = this.sql(
      `SELECT count(*) AS sessions, coalesce(sum(hours), 0) AS hours FROM course_sessions
       WHERE course_id = ? AND cancelled = 0 AND date <= ?`,
    ).get(courseId, today) as { sessions: number; hours: number };
    const people = this.sql(
      `WITH attended AS (
         SELECT m.participant_id, sum(m.hours) AS hours FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id
         WHERE s.course_id = ? AND s.cancelled = 0 AND s.date <= ? GROUP BY m.participant_id)
       SELECT p.gender, e.withdrawn_on AS withdrawnOn, coalesce(a.hours, 0) AS hours
       FROM participant_enrollments e JOIN participants p ON p.id = e.participant_id
       LEFT JOIN attended a ON a.participant_id = e.participant_id
       WHERE e.course_id = ?`,
    ).all(courseId, today, courseId) as { gender: Gender; withdrawnOn: string | null; hours: number }[];
    const certificates = this.sql(
      `SELECT (SELECT count(*) FROM certificates WHERE course_id = ? AND replaced_by IS NULL)
            + (SELECT count(*) FROM erased_certificates WHERE course_id = ? AND replaced_by_number IS NULL) AS n`,
    ).get(courseId, courseId) as { n: number };
    const byGender: Record<Gender, number> = { female: 0, male: 0, other: 0, unspecified: 0 };
    for (const person of people) byGender[person.gender]++;
    const rates = held.hours > 0 ? people.map((person) => person.hours / held.hours) : [];
    return {
      participants: people.length,
      byGender,
      withdrawn: people.filter((person) => person.withdrawnOn !== null).length,
      sessionsHeld: held.sessions,
      hoursHeld: round2(held.hours),
      hoursAttended: round2(people.reduce((sum, person) => sum + person.hours, 0)),
      averageRate: rates.length > 0 ? rates.reduce((sum, rate) => sum + rate, 0) / rates.length : null,
      // The same rule as certificate eligibility: a share that rounds up to the requirement does not meet it.
      metRequirement: rates.filter((rate) => rate * 100 + 1e-9 >= course.requiredAttendancePercent).length,
      certificatesIssued: certificates.n,
    };
  }

  /** The figures kept for a course, or null while none are (before its first erasure). */
  statistics(courseId: string): CourseStatistics | null {
    this.courses.facts(courseId);
    const row = this.sql('SELECT * FROM course_statistics WHERE course_id = ?').get(courseId) as Record<string, number | null> | undefined;
    if (!row) return null;
    return {
      participants: row.participants!,
      byGender: { female: row.female!, male: row.male!, other: row.other_gender!, unspecified: row.unspecified_gender! },
      withdrawn: row.withdrawn!,
      sessionsHeld: row.sessions_held!,
      hoursHeld: row.hours_held!,
      hoursAttended: row.hours_attended!,
      averageRate: row.average_rate ?? null,
      metRequirement: row.met_requirement!,
      certificatesIssued: row.certificates_issued!,
    };
  }

  /** Stores a course's figures once, before the first person of it is erased; later erasures keep them. The caller holds the transaction. */
  keepStatistics(courseId: string, now: string): void {
    if (this.sql('SELECT 1 FROM course_statistics WHERE course_id = ?').get(courseId)) return;
    const s = this.computeStatistics(courseId);
    this.sql(
      `INSERT INTO course_statistics (course_id, participants, female, male, other_gender, unspecified_gender, withdrawn, sessions_held,
         hours_held, hours_attended, average_rate, met_requirement, certificates_issued, computed_at, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      courseId,
      s.participants,
      s.byGender.female,
      s.byGender.male,
      s.byGender.other,
      s.byGender.unspecified,
      s.withdrawn,
      s.sessionsHeld,
      s.hoursHeld,
      s.hoursAttended,
      s.averageRate,
      s.metRequirement,
      s.certificatesIssued,
      now,
      this.ctx.deviceId,
    );
  }

  // ---------- erasing ----------

  /** Courses each person is on. */
  coursesOf(participantIds: readonly string[]): string[] {
    if (participantIds.length === 0) return [];
    return (
      this.sql('SELECT DISTINCT course_id FROM participant_enrollments WHERE participant_id IN (SELECT value FROM json_each(?))').all(
        JSON.stringify(participantIds),
      ) as { course_id: string }[]
    ).map((row) => row.course_id);
  }

  /**
   * Before an erasure: no certificate batch may still register for these
   * people (wait for it or cancel it), and their holder hashes are made off
   * the main thread. Runs again if a batch started meanwhile.
   */
  async prepare(participantIds: readonly string[], courseIds: readonly string[], batch: 'wait' | 'cancel'): Promise<Map<string, HolderHash>> {
    const courses = [...new Set([...courseIds, ...this.coursesOf(participantIds)])];
    await this.batches.settle(courses, batch, participantIds);
    return this.register.prepareHashes(participantIds);
  }

  /** True when a batch started while the erasure was being prepared: prepare again. */
  batchStartedMeanwhile(participantIds: readonly string[], courseIds: readonly string[]): boolean {
    return this.batches.runningFor([...new Set([...courseIds, ...this.coursesOf(participantIds)])]);
  }

  /**
   * Erases people completely; the caller holds the transaction. Courses that
   * are due and not yet erased keep their figures first (a person on two due
   * courses leaves with the first run).
   */
  erasePeople(participantIds: readonly string[], cause: ErasureCause, hashes: ReadonlyMap<string, HolderHash>, now: string, detail?: string): number {
    if (participantIds.length === 0) return 0;
    const states = this.courseStates();
    for (const courseId of this.coursesOf(participantIds)) {
      if (states.get(courseId)?.retention.state === 'due') this.keepStatistics(courseId, now);
    }
    let certificates = 0;
    const requests = this.sql(
      `UPDATE privacy_requests
       SET note = NULL, updated_at = ?,
           status = CASE WHEN kind = 'erasure' AND status = 'open' THEN 'completed' ELSE status END,
           resolved_at = CASE WHEN kind = 'erasure' AND status = 'open' THEN ? ELSE resolved_at END
       WHERE participant_id = ?`,
    );
    const remove = this.sql('DELETE FROM participants WHERE id = ?');
    const tombstone = this.sql('INSERT INTO tombstones (id, entity, entity_id, cause, erased_at, device_id) VALUES (?, ?, ?, ?, ?, ?)');
    for (const participantId of participantIds) {
      certificates += this.register.archive(participantId, hashes, now);
      // The request stays as a fact; the note about the person, and the link to them (ON DELETE SET NULL), go.
      requests.run(now, now, participantId);
      if (remove.run(participantId).changes !== 1) throw new AppError('NOT_FOUND');
      tombstone.run(randomUUID(), 'participant', participantId, cause, now, this.ctx.deviceId);
      this.audit.record({ action: 'erase', entity: 'participant', entityId: participantId, detail: detail ?? cause });
    }
    this.batches.forget(participantIds);
    return certificates;
  }

  /**
   * Makes erased data unrecoverable from the files: copies the WAL into the
   * database (whose freed pages secure_delete has zeroed) and truncates it.
   */
  scrub(): void {
    this.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  // ---------- erasure on request ----------

  check(participantId: string): ErasureCheck {
    const person = this.sql('SELECT id AS participantId, first_name AS firstName, last_name AS lastName, consent_keep AS consent FROM participants WHERE id = ?').get(
      participantId,
    ) as (PersonRef & { consent: 0 | 1 }) | undefined;
    if (!person) throw new AppError('NOT_FOUND');
    const states = this.courseStates();
    const courses = (
      this.sql(
        `SELECT c.id, c.name FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
         WHERE e.participant_id = ? ORDER BY c.start_date, c.name`,
      ).all(participantId) as CourseRef[]
    ).map(({ id, name }) => ({ id, name }));
    // The funder's report still needs the person until it is approved (the course is then due).
    const blockers = courses
      .filter((c) => {
        const course = states.get(c.id);
        return course?.type === 'kompetansepluss' && !RELEASED.has(course.retention.state);
      })
      .map((c) => ({ ...c, reason: 'kompetanseplussReport' as const }));
    const { consent, ...ref } = person;
    return {
      person: ref,
      courses,
      blockers,
      consent: consent === 1,
      certificateBatchRunning: this.batches.runningFor(courses.map((c) => c.id)),
      certificates: (this.sql('SELECT count(*) AS n FROM certificates WHERE participant_id = ?').get(participantId) as { n: number }).n,
      openRequestIds: (
        this.sql(`SELECT id FROM privacy_requests WHERE participant_id = ? AND kind = 'erasure' AND status = 'open' ORDER BY received_on`).all(
          participantId,
        ) as { id: string }[]
      ).map((row) => row.id),
    };
  }

  /**
   * Erases one person at once, on their request. Kept by an active
   * Kompetansepluss course only without an override reason; the reason is
   * checked and then dropped with the person (the audit log says only that
   * one was given). A request named is completed.
   */
  async erase(input: { participantId: string; overrideReason?: string | undefined; requestId?: string | undefined; batch?: 'wait' | 'cancel' | undefined }): Promise<ErasureResult> {
    const { participantId } = input;
    const refuseIfPending = () => {
      const check = this.check(participantId);
      if (input.requestId) this.checkRequest(input.requestId, participantId);
      if (check.blockers.length > 0 && !input.overrideReason) throw new AppError('PERSON_PENDING', { overrideReason: 'erasureReasonRequired' });
      return check;
    };
    refuseIfPending();
    let hashes = await this.prepare([participantId], [], input.batch ?? 'wait');
    // A batch may have started, or the person changed, while the hashes were made: check again, synchronously up to the commit.
    for (let attempt = 0; this.batchStartedMeanwhile([participantId], []) && attempt < 3; attempt++) {
      hashes = await this.prepare([participantId], [], input.batch ?? 'wait');
    }
    if (this.batchStartedMeanwhile([participantId], [])) throw new AppError('BATCH_RUNNING');
    const check = refuseIfPending();
    const now = isoNow(this.ctx.clock);
    let certificatesKept = 0;
    this.ctx.db.transaction(() => {
      const detail = check.blockers.length > 0 ? 'request; override of a pending Kompetansepluss report (reason given)' : 'request';
      certificatesKept = this.erasePeople([participantId], 'request', hashes, now, detail);
      if (input.requestId) {
        this.sql(`UPDATE privacy_requests SET status = 'completed', resolved_at = coalesce(resolved_at, ?), note = NULL, updated_at = ? WHERE id = ?`).run(
          now,
          now,
          input.requestId,
        );
      }
    })();
    this.scrub();
    return { at: now, certificatesKept };
  }

  /** A request an erasure answers: an open erasure request from this person. */
  private checkRequest(requestId: string, participantId: string): void {
    const request = this.sql('SELECT participant_id, kind, status FROM privacy_requests WHERE id = ?').get(requestId) as
      | { participant_id: string | null; kind: string; status: string }
      | undefined;
    if (!request) throw new AppError('NOT_FOUND');
    if (request.participant_id !== participantId || request.kind !== 'erasure' || request.status !== 'open') {
      throw new AppError('VALIDATION', { requestId: 'invalidValue' });
    }
  }

  // ---------- deleting a course ----------

  /**
   * Deletes a course that holds no attendance and no certificates (anything
   * more goes through a deletion run, which keeps figures and the certificate
   * register). People registered only there, without consent, are erased with it.
   */
  async deleteCourse(courseId: string): Promise<void> {
    const refuseIfRecords = () => {
      this.courses.facts(courseId);
      const records = this.sql(
        `SELECT EXISTS (SELECT 1 FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id WHERE s.course_id = ?)
             OR EXISTS (SELECT 1 FROM certificates WHERE course_id = ?)
             OR EXISTS (SELECT 1 FROM erased_certificates WHERE course_id = ?)
             OR EXISTS (SELECT 1 FROM evaluation_responses WHERE course_id = ?) AS records`,
      ).get(courseId, courseId, courseId, courseId) as { records: 0 | 1 };
      if (records.records === 1) throw new AppError('COURSE_HAS_RECORDS');
      return this.classify(courseId, new Set([courseId]), this.courseStates())
        .filter((p) => p.fate === 'erase')
        .map((p) => p.participantId);
    };
    let erase = refuseIfRecords();
    // A batch for a course without certificates has nothing to keep: cancel it.
    let hashes = await this.prepare(erase, [courseId], 'cancel');
    if (this.batchStartedMeanwhile(erase, [courseId])) hashes = await this.prepare(erase, [courseId], 'cancel');
    if (this.batchStartedMeanwhile(erase, [courseId])) throw new AppError('BATCH_RUNNING');
    erase = refuseIfRecords();
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.erasePeople(erase, 'courseDeleted', hashes, now);
      this.sql('DELETE FROM courses WHERE id = ?').run(courseId);
      this.sql('INSERT INTO tombstones (id, entity, entity_id, cause, erased_at, device_id) VALUES (?, ?, ?, ?, ?, ?)').run(
        randomUUID(),
        'course',
        courseId,
        'courseDeleted',
        now,
        this.ctx.deviceId,
      );
      this.audit.record({ action: 'delete', entity: 'course', entityId: courseId, courseId, detail: `erased ${erase.length}` });
    })();
    this.scrub();
  }
}
