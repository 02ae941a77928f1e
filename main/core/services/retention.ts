import { isoNow } from '../clock';
import { AppError } from '../errors';
import type { Course, CourseStatistics, DeletionPreview, DeletionRunResult, DueCourse } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { Classified, ErasureService } from './erasure';
import { addDays } from './retention-rules';

/** One course of a run: who goes and who stays, and whether it is due. */
interface Planned {
  course: Course;
  people: Classified[];
  due: boolean;
}

/**
 * Deletion runs under the retention rules: what is due (at unlock and on the
 * Sletting screen), a preview of exactly what goes and what stays, and the
 * run, in one transaction. A run never erases a course that is not due unless
 * forced (deleting a course with records goes this way on purpose), never a
 * person with consent to keep their data, and never one still on a course
 * that holds its data.
 */
export class RetentionService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly erasure: ErasureService,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /**
   * Courses with personal data to erase now: those due and not yet run, and
   * erased ones still holding people who are due since (consent withdrawn, or
   * their other course erased too).
   */
  due(): DueCourse[] {
    const states = this.erasure.courseStates();
    return [...states.values()]
      .map((course) => this.plan(course, new Set(), states, false))
      .filter((plan) => plan.due)
      .map(({ course, people }) => ({
        courseId: course.id,
        name: course.name,
        type: course.type,
        endDate: course.endDate,
        dueOn: dueDate(course),
        erase: people.filter((p) => p.fate === 'erase').length,
        keptForConsent: people.filter((p) => p.fate === 'consent').length,
        keptForOtherCourse: people.filter((p) => p.fate === 'otherCourse').length,
      }))
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.name.localeCompare(b.name, 'nb'));
  }

  /** Exactly what a run of this course would erase and keep. Refused (NOT_DUE) for a course that is not due, unless forced. */
  preview(courseId: string, force = false): DeletionPreview {
    const states = this.erasure.courseStates();
    const course = states.get(courseId);
    if (!course) throw new AppError('NOT_FOUND');
    const { people, due } = this.plan(course, new Set([courseId]), states, force);
    if (!due && !force) throw new AppError('NOT_DUE');
    const erase = people.filter((p) => p.fate === 'erase');
    const eraseIds = erase.map((p) => p.participantId);
    const ids = JSON.stringify(eraseIds);
    const count = (sql: string, ...params: unknown[]) => (this.sql(sql).get(...params) as { n: number }).n;
    return {
      course: { id: course.id, name: course.name, type: course.type, startDate: course.startDate, endDate: course.endDate },
      retention: course.retention,
      due,
      erase: erase.map(({ fate: _fate, ...person }) => person),
      keep: people.filter((p) => p.fate !== 'erase').map(({ fate, ...person }) => ({ ...person, why: fate as 'consent' | 'otherCourse' })),
      goes: {
        enrollments: count('SELECT count(*) AS n FROM participant_enrollments WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        marks: count('SELECT count(*) AS n FROM attendance_marks WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        absenceNotices: count('SELECT count(*) AS n FROM absence_notices WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        certificates: count('SELECT count(*) AS n FROM certificates WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        // Reasons given after sign-off: for the people's marks, and for cancelling the course's sessions.
        changeReasons:
          count('SELECT count(*) AS n FROM attendance_change_reasons WHERE participant_id IN (SELECT value FROM json_each(?))', ids) +
          count('SELECT count(*) AS n FROM course_sessions WHERE course_id = ? AND cancel_reason IS NOT NULL', courseId),
        consents: count('SELECT count(*) AS n FROM consent_events WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        requests: count('SELECT count(*) AS n FROM privacy_requests WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
      },
      stays: {
        statistics: this.erasure.statistics(courseId) ?? this.erasure.computeStatistics(courseId),
        certificatesVerifiable: count('SELECT count(*) AS n FROM certificates WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
        certificates: this.erasure.register.summaries(courseId, eraseIds),
        // Evaluations name no one (course and day only), so a run leaves them.
        evaluations: count('SELECT count(*) AS n FROM evaluation_responses WHERE course_id = ?', courseId),
      },
    };
  }

  /**
   * Erases the personal data of the courses, in one transaction: figures kept
   * per course, certificates moved to the register without names, people
   * erased with tombstones, session cancel reasons emptied, each course marked
   * erased. Then the WAL is checkpointed and truncated. Every course is checked
   * before anything is written.
   */
  async run(courseIds: readonly string[], force = false): Promise<DeletionRunResult> {
    const ids = [...new Set(courseIds)];
    let plans = this.planRun(ids, force);
    let eraseIds = erasedBy(plans);
    let hashes = await this.erasure.prepare(eraseIds, ids, 'wait');
    // Waiting for a batch or hashing took time: plan again, synchronously up to the commit.
    for (let attempt = 0; attempt < 3; attempt++) {
      plans = this.planRun(ids, force);
      const next = erasedBy(plans);
      if (!this.erasure.batchStartedMeanwhile(next, ids) && next.every((id) => eraseIds.includes(id))) break;
      eraseIds = next;
      hashes = await this.erasure.prepare(eraseIds, ids, 'wait');
    }
    if (this.erasure.batchStartedMeanwhile(eraseIds, ids)) throw new AppError('BATCH_RUNNING');
    plans = this.planRun(ids, force);
    eraseIds = erasedBy(plans);
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      // Figures first, while everyone is still there.
      for (const { course } of plans) this.erasure.keepStatistics(course.id, now);
      this.erasure.erasePeople(eraseIds, 'retention', hashes, now);
      for (const { course, people } of plans) {
        // A reason for cancelling a signed-off session may name someone.
        this.sql('UPDATE course_sessions SET cancel_reason = NULL, updated_at = ? WHERE course_id = ? AND cancel_reason IS NOT NULL').run(now, course.id);
        this.sql('UPDATE courses SET personal_data_erased_at = coalesce(personal_data_erased_at, ?), updated_at = ? WHERE id = ?').run(now, now, course.id);
        const erased = people.filter((p) => p.fate === 'erase').length;
        this.audit.record({
          action: 'erase',
          entity: 'course',
          entityId: course.id,
          courseId: course.id,
          detail: `retention${force ? ' (forced)' : ''}: erased ${erased}, kept ${people.length - erased}`,
        });
      }
    })();
    this.erasure.scrub();
    return {
      at: now,
      courses: plans.map(({ course, people }) => {
        const erased = people.filter((p) => p.fate === 'erase').length;
        return { courseId: course.id, name: course.name, erased, kept: people.length - erased };
      }),
      erasedPeople: eraseIds.length,
    };
  }

  statistics(courseId: string): CourseStatistics | null {
    return this.erasure.statistics(courseId);
  }

  /** Every course of a run, checked: each exists and is due (or the run is forced). */
  private planRun(ids: readonly string[], force: boolean): Planned[] {
    const states = this.erasure.courseStates();
    const running = new Set(ids);
    const plans = ids.map((id) => {
      const course = states.get(id);
      if (!course) throw new AppError('NOT_FOUND');
      return this.plan(course, running, states, force);
    });
    if (!force && plans.some((plan) => !plan.due)) throw new AppError('NOT_DUE');
    return plans;
  }

  /** Who goes and who stays; for a course that is neither due nor erased only when forced (it is not due). */
  private plan(course: Course, running: ReadonlySet<string>, states: ReadonlyMap<string, Course>, force: boolean): Planned {
    const { state } = course.retention;
    if (state !== 'due' && state !== 'erased' && !force) return { course, people: [], due: false };
    const people = this.erasure.classify(course.id, running, states);
    return { course, people, due: state === 'due' || (state === 'erased' && people.some((p) => p.fate === 'erase')) };
  }
}

/** Everyone a run erases, once (a person may be on several of its courses). */
const erasedBy = (plans: readonly Planned[]) => [...new Set(plans.flatMap((plan) => plan.people.filter((p) => p.fate === 'erase').map((p) => p.participantId)))];

/** When the course became due: for an erased course whose kept people are due since, the day it was erased. */
function dueDate(course: Course): string {
  return course.retention.dueOn ?? course.financialReportApprovedAt ?? course.retention.erasedAt?.slice(0, 10) ?? addDays(course.endDate, 1);
}
