import { randomUUID } from 'node:crypto';
import { isoNow } from '../clock';
import type { ServiceContext } from './context';
import { statementCache } from './context';

export type AuditAction =
  | 'create'
  | 'update'
  | 'enroll'
  | 'unlock'
  | 'lock'
  | 'change-passphrase'
  /** The recovery code opened the vault and set a coordinator's passphrase. */
  | 'recover'
  /** A coordinator set another account's passphrase (a new wrap). */
  | 'reset-passphrase'
  /** A new recovery code replaced the old one. */
  | 'new-recovery-code'
  | 'settings'
  | 'cancel'
  | 'restore'
  | 'mark'
  | 'unmark'
  | 'sign-off'
  | 'issue'
  | 'reprint'
  /** A coordinator said a new or corrected record is not the same person as the ones the duplicate check offered. */
  | 'not-duplicate'
  | 'consent'
  | 'withdraw-consent'
  // The participant lifecycle: leaving a course, a registration made in error, two records of one person, requests.
  | 'withdraw'
  | 'reinstate'
  | 'remove'
  | 'merge'
  | 'resolve'
  /** Personal data erased (a person, or a course's by a deletion run): ids and time only. */
  | 'erase'
  /** A course deleted outright (no attendance or certificates). */
  | 'delete'
  /** Personal data left the app (an export, a report): the disclosure row says what, to whom and about whom. */
  | 'disclose'
  /** An access report (innsyn) was made for the person. */
  | 'access-report'
  /** A coordinator gave a course to a teacher account, or took it back (detail: the account id). */
  | 'assign-teacher'
  | 'unassign-teacher'
  /** An absence notice recorded or removed (detail: the session id; never the reason). */
  | 'notice'
  | 'remove-notice'
  /** The evaluation kiosk started for a course, or the teacher left it with their passphrase. Answers themselves are never audited. */
  | 'kiosk-start'
  | 'kiosk-leave'
  /** A coordinator deleted one open evaluation answer (it named someone). The entry has the course only, never the text. */
  | 'delete-evaluation-answer'
  /** An employer's participant list was imported into a course (detail: counts only). */
  | 'import';
export type AuditEntity =
  | 'course'
  | 'participant'
  | 'enrollment'
  | 'vault'
  | 'account'
  | 'settings'
  | 'session'
  | 'attendance'
  | 'certificate'
  | 'request'
  | 'disclosure';

export interface AuditEntry {
  action: AuditAction;
  entity: AuditEntity;
  entityId: string;
  courseId?: string | undefined;
  /** Names of the fields that changed; never their values. */
  fields?: readonly string[];
  /** Non-personal detail: a status change such as "absent→late", "reason given", or the ids of merged records. Never free text. */
  detail?: string | undefined;
}

/** The audit log records who did what to which record, with ids and field names only. */
export class AuditLog {
  private readonly sql;

  constructor(private readonly ctx: ServiceContext) {
    this.sql = statementCache(ctx.db);
  }

  record(entry: AuditEntry): void {
    this.sql(
      `INSERT INTO audit_log (id, at, actor_id, actor_role, action, entity, entity_id, course_id, fields, detail, device_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      randomUUID(),
      isoNow(this.ctx.clock),
      this.ctx.actorId,
      this.ctx.actorRole,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.courseId ?? null,
      JSON.stringify(entry.fields ?? []),
      entry.detail ?? null,
      this.ctx.deviceId,
    );
  }
}
