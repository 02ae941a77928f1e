import { randomUUID } from 'node:crypto';
import { isoNow } from '../clock';
import type { DisclosureKind, DisclosureRecipient } from '../../contract/types';
import type { AuditLog } from './audit';
import type { ServiceContext } from './context';
import { statementCache } from './context';

export interface DisclosureInput {
  kind: DisclosureKind;
  recipient: DisclosureRecipient;
  /** The course the data came from, if it came from one. */
  courseId: string | null;
  /** Everyone whose data was in it. */
  participantIds: readonly string[];
}

/** One disclosure as a person's access report lists it: what, to whom, when, from which course. */
export interface PersonDisclosure {
  id: string;
  kind: DisclosureKind;
  recipient: DisclosureRecipient;
  at: string;
  course: { id: string; name: string } | null;
}

/**
 * Who received personal data, and when: every place where data leaves the app
 * records it here, in the same transaction as its audit entry, so a person's
 * access report can say to whom their data went (GDPR art. 15(1)(c)).
 *
 * Recorded today: attendance lists (CSV and PDF), and access reports (to the
 * person). Later issues call `record` the same way for head-office batches and
 * the funder's report.
 *
 * Not recorded: course certificates handed to their holders. A disclosure is
 * data made available to someone other than the person it is about (a
 * recipient, art. 4(9)); a certificate goes to the person it certifies, and the
 * certificate register already says which certificates were issued and when
 * (the access report lists them). The 'certificates' kind is kept for sending
 * certificates to someone else, such as an employer.
 */
export class Disclosures {
  private readonly sql;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly audit: AuditLog,
  ) {
    this.sql = statementCache(ctx.db);
  }

  /**
   * Records a disclosure and audits it (ids, kind and count only), in one
   * transaction; returns its id. Nothing is recorded when nobody's data was in
   * it. `audited: false` is for callers whose own audit entry names the
   * disclosure (the access report).
   */
  record(input: DisclosureInput, options: { audited?: boolean } = {}): string | null {
    const people = [...new Set(input.participantIds)];
    if (people.length === 0) return null;
    const id = randomUUID();
    const now = isoNow(this.ctx.clock);
    const addPerson = this.sql('INSERT INTO disclosure_participants (disclosure_id, participant_id) VALUES (?, ?)');
    this.ctx.db.transaction(() => {
      this.sql(
        `INSERT INTO disclosures (id, kind, course_id, recipient, at, actor_id, device_id) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(id, input.kind, input.courseId, input.recipient, now, this.ctx.actorId, this.ctx.deviceId);
      for (const participantId of people) addPerson.run(id, participantId);
      if (options.audited !== false) {
        this.audit.record({
          action: 'disclose',
          entity: 'disclosure',
          entityId: id,
          courseId: input.courseId ?? undefined,
          detail: `${input.kind} to ${input.recipient}; ${people.length} participants`,
        });
      }
    })();
    return id;
  }

  /** Every disclosure that held the person's data, oldest first (in the order recorded when the clock says the same time). */
  forParticipant(participantId: string): PersonDisclosure[] {
    const rows = this.sql(
      `SELECT d.id, d.kind, d.recipient, d.at, d.course_id, c.name AS course_name
       FROM disclosure_participants dp
       JOIN disclosures d ON d.id = dp.disclosure_id
       LEFT JOIN courses c ON c.id = d.course_id
       WHERE dp.participant_id = ?
       ORDER BY d.at, d.rowid`,
    ).all(participantId) as {
      id: string;
      kind: DisclosureKind;
      recipient: DisclosureRecipient;
      at: string;
      course_id: string | null;
      course_name: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      recipient: r.recipient,
      at: r.at,
      course: r.course_id !== null && r.course_name !== null ? { id: r.course_id, name: r.course_name } : null,
    }));
  }

  /** How many disclosures of each kind are recorded, and the latest, for the record of processing. */
  summary(): { kind: DisclosureKind; count: number; lastAt: string }[] {
    return this.sql('SELECT kind, count(*) AS count, max(at) AS lastAt FROM disclosures GROUP BY kind ORDER BY kind').all() as {
      kind: DisclosureKind;
      count: number;
      lastAt: string;
    }[];
  }
}
