import { isoNow } from '../clock';
import { AppError } from '../errors';
import type { StaffRole, CourseTeachers, TeacherRef } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import type { CourseService } from './courses';

/** A staff account as far as course assignments need it. */
export interface StaffAccountRef {
  id: string;
  name: string;
  role: StaffRole;
}

/**
 * The staff accounts of this installation. Until every person has their own
 * account (issue 11, staff accounts) it is the one identity in the settings;
 * the accounts' table replaces the function given to the service.
 */
export type StaffDirectory = () => readonly StaffAccountRef[];

/**
 * Which teacher accounts teach which course. A teacher sees and works on their
 * courses only (enforced centrally in main/core/access.ts); a course a teacher
 * creates is theirs at once.
 */
export class CourseTeacherService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
    private readonly courses: CourseService,
    private readonly directory: StaffDirectory,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /** Whether the account teaches the course: the check on every call a teacher makes. */
  teaches(accountId: string, courseId: string): boolean {
    return this.sql('SELECT 1 FROM course_teachers WHERE course_id = ? AND account_id = ?').get(courseId, accountId) !== undefined;
  }

  /** The course of a session, or null when there is no such session. */
  courseOfSession(sessionId: string): string | null {
    const row = this.sql('SELECT course_id FROM course_sessions WHERE id = ?').get(sessionId) as { course_id: string } | undefined;
    return row?.course_id ?? null;
  }

  /** The ids of the courses the account teaches. */
  courseIdsOf(accountId: string): Set<string> {
    const rows = this.sql('SELECT course_id FROM course_teachers WHERE account_id = ?').all(accountId) as { course_id: string }[];
    return new Set(rows.map((r) => r.course_id));
  }

  list(courseId: string): CourseTeachers {
    this.courses.facts(courseId); // NOT_FOUND for an unknown course
    const accounts = this.directory();
    const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
    const rows = this.sql('SELECT account_id FROM course_teachers WHERE course_id = ? ORDER BY assigned_at, account_id').all(courseId) as { account_id: string }[];
    const assigned: TeacherRef[] = rows.map((r) => ({ accountId: r.account_id, name: nameOf.get(r.account_id) ?? null }));
    const taken = new Set(rows.map((r) => r.account_id));
    const candidates = accounts
      .filter((a) => a.role === 'teacher' && !taken.has(a.id))
      .map((a) => ({ accountId: a.id, name: a.name }))
      .sort((x, y) => x.name.localeCompare(y.name, 'nb'));
    return { courseId, assigned, candidates };
  }

  assign(courseId: string, accountId: string): CourseTeachers {
    this.courses.facts(courseId);
    const account = this.directory().find((a) => a.id === accountId);
    // Only teacher accounts are given courses: coordinators see every course anyway.
    if (!account || account.role !== 'teacher') throw new AppError('VALIDATION', { accountId: 'invalidValue' });
    this.add(courseId, accountId);
    return this.list(courseId);
  }

  /** Gives the course to the account (no check of the account: used for the teacher who creates a course). */
  add(courseId: string, accountId: string): void {
    this.ctx.db.transaction(() => {
      const inserted = this.sql(
        'INSERT OR IGNORE INTO course_teachers (course_id, account_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?)',
      ).run(courseId, accountId, isoNow(this.ctx.clock), this.ctx.actorId);
      if (inserted.changes > 0) this.audit.record({ action: 'assign-teacher', entity: 'course', entityId: courseId, courseId, detail: accountId });
    })();
  }

  unassign(courseId: string, accountId: string): CourseTeachers {
    this.courses.facts(courseId);
    this.ctx.db.transaction(() => {
      const removed = this.sql('DELETE FROM course_teachers WHERE course_id = ? AND account_id = ?').run(courseId, accountId);
      if (removed.changes > 0) this.audit.record({ action: 'unassign-teacher', entity: 'course', entityId: courseId, courseId, detail: accountId });
    })();
    return this.list(courseId);
  }
}
