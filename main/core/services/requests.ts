import { randomUUID } from 'node:crypto';
import { isoNow, todayInNorway } from '../clock';
import { AppError } from '../errors';
import { REQUEST_DAYS } from '../../contract/privacy-schemas';
import type { RequestChannel, RequestKind, RequestStatus } from '../../contract/privacy-schemas';
import type { CourseRef, PrivacyRequest, RequestSummary } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';
import { addDays } from './retention-rules';

interface RequestRow {
  id: string;
  participant_id: string | null;
  first_name: string | null;
  last_name: string | null;
  kind: RequestKind;
  channel: RequestChannel;
  received_on: string;
  due_on: string;
  status: RequestStatus;
  resolved_at: string | null;
  note: string | null;
}

/** Open requests due within this many days count as "due soon". */
export const DUE_SOON_DAYS = 7;

/** Kinds whose answer is an action elsewhere (the access report, the erasure), which completes the request itself. */
const ANSWERED_ELSEWHERE: ReadonlySet<RequestKind> = new Set(['access', 'erasure']);

const SELECT = `
  SELECT r.id, r.participant_id, p.first_name, p.last_name, r.kind, r.channel, r.received_on, r.due_on, r.status, r.resolved_at, r.note
  FROM privacy_requests r LEFT JOIN participants p ON p.id = r.participant_id`;

/**
 * Requests from the people the data is about (access, correction, objection,
 * restriction, erasure): when and how each came in, its status, and the day
 * it must be answered by, one month later (GDPR art. 12(3)). An open
 * restriction or objection keeps the person out of exports and reports
 * (RESTRICTED_SQL) until it is resolved.
 */
export class RequestService {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /** Open ones first, the most urgent on top; then the closed ones, the latest first. */
  list(filter: { status?: RequestStatus | undefined; participantId?: string | undefined } = {}): PrivacyRequest[] {
    const rows = this.sql(
      `${SELECT}
       WHERE (@status IS NULL OR r.status = @status) AND (@participantId IS NULL OR r.participant_id = @participantId)
       ORDER BY r.status <> 'open', CASE WHEN r.status = 'open' THEN r.due_on END, r.resolved_at DESC, r.received_on DESC, r.created_at DESC`,
    ).all({ status: filter.status ?? null, participantId: filter.participantId ?? null }) as RequestRow[];
    return rows.map((row) => this.toRequest(row));
  }

  get(id: string): PrivacyRequest {
    return this.toRequest(this.row(id));
  }

  create(input: { participantId: string; kind: RequestKind; channel: RequestChannel; receivedOn: string; note?: string | undefined }): PrivacyRequest {
    if (!this.sql('SELECT 1 FROM participants WHERE id = ?').get(input.participantId)) throw new AppError('NOT_FOUND');
    if (input.receivedOn > todayInNorway(this.ctx.clock)) throw new AppError('VALIDATION', { receivedOn: 'receivedInFuture' });
    const id = randomUUID();
    const now = isoNow(this.ctx.clock);
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO privacy_requests (id, participant_id, kind, channel, received_on, due_on, status, note, created_at, updated_at, device_id)
         VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
      ).run(
        id,
        input.participantId,
        input.kind,
        input.channel,
        input.receivedOn,
        addDays(input.receivedOn, REQUEST_DAYS),
        input.note ?? null,
        now,
        now,
        this.ctx.deviceId,
      );
      this.audit.record({
        action: 'create',
        entity: 'request',
        entityId: id,
        fields: ['kind', 'channel', 'received_on', ...(input.note ? ['note'] : [])],
        detail: `${input.kind} for participant ${input.participantId}`,
      });
    })();
    return this.get(id);
  }

  /**
   * Closes an open request as completed or rejected. Access and erasure are
   * completed by producing the report or erasing the person (their features
   * call completeWithin); only a rejection is recorded here, or the
   * completion of an erasure whose person is already gone.
   */
  resolve(id: string, status: Exclude<RequestStatus, 'open'>, note: string | undefined): PrivacyRequest {
    const row = this.row(id);
    if (row.status !== 'open') throw new AppError('REQUEST_RESOLVED');
    if (status === 'completed' && ANSWERED_ELSEWHERE.has(row.kind) && row.participant_id !== null) {
      throw new AppError('REQUEST_ANSWERED_ELSEWHERE');
    }
    this.ctx.db.transaction(() => this.close(row, status, note))();
    return this.get(id);
  }

  /** How many open requests there are, and how many are due within a week or overdue: what coordinators must see. */
  summary(): RequestSummary {
    const today = todayInNorway(this.ctx.clock);
    return this.sql(
      `SELECT count(*) AS open,
              coalesce(sum(due_on >= @today AND due_on <= @soon), 0) AS dueSoon,
              coalesce(sum(due_on < @today), 0) AS overdue
       FROM privacy_requests WHERE status = 'open'`,
    ).get({ today, soon: addDays(today, DUE_SOON_DAYS) }) as RequestSummary;
  }

  /**
   * Refuses (before anything is written) a request that `kind` of answer to
   * `participantId` cannot complete: unknown, already closed, of another kind
   * or about someone else.
   */
  checkAnswerable(requestId: string, kind: RequestKind, participantId: string): void {
    const row = this.row(requestId);
    if (row.status !== 'open') throw new AppError('REQUEST_RESOLVED');
    if (row.kind !== kind || row.participant_id !== participantId) throw new AppError('VALIDATION', { requestId: 'requestMismatch' });
  }

  /**
   * Completes the request answered by an action (a correction saved, an access
   * report made, a person erased): call inside that action's transaction, so
   * the answer and the request's status are written together or not at all.
   */
  completeWithin(requestId: string, kind: RequestKind, participantId: string): void {
    this.checkAnswerable(requestId, kind, participantId);
    this.close(this.row(requestId), 'completed', undefined);
  }

  // ---------- helpers ----------

  private close(row: RequestRow, status: Exclude<RequestStatus, 'open'>, note: string | undefined): void {
    const now = isoNow(this.ctx.clock);
    // What was asked stays; how it was answered follows it.
    const combined = note ? (row.note ? `${row.note}\n${note}` : note) : row.note;
    this.sql(`UPDATE privacy_requests SET status = ?, resolved_at = ?, note = ?, updated_at = ? WHERE id = ? AND status = 'open'`).run(
      status,
      now,
      combined,
      now,
      row.id,
    );
    this.audit.record({
      action: 'resolve',
      entity: 'request',
      entityId: row.id,
      fields: ['status', 'resolved_at', ...(note ? ['note'] : [])],
      detail: `${row.kind} ${status}`,
    });
  }

  private row(id: string): RequestRow {
    const row = this.sql(`${SELECT} WHERE r.id = ?`).get(id) as RequestRow | undefined;
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private toRequest(row: RequestRow): PrivacyRequest {
    const person =
      row.participant_id !== null && row.first_name !== null && row.last_name !== null
        ? { participantId: row.participant_id, firstName: row.first_name, lastName: row.last_name }
        : null;
    return {
      id: row.id,
      person,
      courses: person ? this.coursesOf(person.participantId) : [],
      kind: row.kind,
      channel: row.channel,
      receivedOn: row.received_on,
      dueOn: row.due_on,
      status: row.status,
      resolvedAt: row.resolved_at,
      note: row.note,
    };
  }

  private coursesOf(participantId: string): CourseRef[] {
    return this.sql(
      `SELECT c.id, c.name FROM participant_enrollments e JOIN courses c ON c.id = e.course_id
       WHERE e.participant_id = ? ORDER BY c.start_date`,
    ).all(participantId) as CourseRef[];
  }
}
