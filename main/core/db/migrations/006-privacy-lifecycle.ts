import { randomUUID } from 'node:crypto';
import type { Migration } from './index';

/**
 * The privacy lifecycle (issue 9): what happens to personal data after it is
 * collected.
 *
 * - Withdrawal from a course, with a date and a reason category.
 * - Consent to keep data after the course as a history of events (given,
 *   withdrawn: when, how, by whom); participants.consent_keep stays as the
 *   current answer for fast queries, the older consent_method/_recorded_*
 *   columns are emptied (the events hold them now).
 * - Reasons for changes after sign-off on rows that go with the person
 *   (attendance_change_reasons), never in the audit log, which keeps only
 *   "reason given".
 * - Erasure: tombstones (ids and time only), course statistics that stay once
 *   a course's personal data is gone, and the register of erased certificates
 *   that proves validity without names (a salted hash of name and birth date).
 * - Requests (access, correction, objection, restriction, erasure) with their
 *   deadlines, and disclosures (who received data, when) for the access report.
 * - The role of the account that acted, in the audit log.
 */
export const privacyLifecycle: Migration = {
  version: 6,
  name: 'privacy lifecycle',
  up(db) {
    db.exec(`
      ALTER TABLE participant_enrollments ADD COLUMN withdrawn_on TEXT;
      ALTER TABLE participant_enrollments ADD COLUMN withdrawal_reason TEXT
        CHECK (withdrawal_reason IS NULL OR withdrawal_reason IN ('illness', 'work', 'moved', 'personal', 'courseChange', 'other'));

      ALTER TABLE courses ADD COLUMN personal_data_erased_at TEXT;

      ALTER TABLE audit_log ADD COLUMN actor_role TEXT;

      CREATE TABLE consent_events (
        id             TEXT PRIMARY KEY,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        kind           TEXT NOT NULL CHECK (kind IN ('given', 'withdrawn')),
        -- How it was given or withdrawn; 'verbal' only on answers recorded before methods were form, paper and e-mail.
        method         TEXT CHECK (method IS NULL OR method IN ('form', 'paper', 'email', 'verbal')),
        at             TEXT NOT NULL,
        recorded_by    TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX consent_events_participant ON consent_events (participant_id, at);

      -- Free text about a change after sign-off: it may name someone, so it goes with the person.
      CREATE TABLE attendance_change_reasons (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        reason         TEXT NOT NULL,
        at             TEXT NOT NULL,
        actor_id       TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX change_reasons_participant ON attendance_change_reasons (participant_id);
      CREATE INDEX change_reasons_session ON attendance_change_reasons (session_id);

      -- What an erasure leaves: which record went, when and why. No personal data.
      CREATE TABLE tombstones (
        id        TEXT PRIMARY KEY,
        entity    TEXT NOT NULL CHECK (entity IN ('participant', 'course', 'enrollment')),
        entity_id TEXT NOT NULL,
        cause     TEXT NOT NULL CHECK (cause IN ('retention', 'request', 'merge', 'removed', 'courseDeleted')),
        erased_at TEXT NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT;
      CREATE INDEX tombstones_entity ON tombstones (entity, entity_id);

      -- What stays of a course once its personal data is erased: counts, hours and rates, no person.
      CREATE TABLE course_statistics (
        course_id            TEXT PRIMARY KEY REFERENCES courses (id) ON DELETE CASCADE,
        participants         INTEGER NOT NULL,
        female               INTEGER NOT NULL,
        male                 INTEGER NOT NULL,
        other_gender         INTEGER NOT NULL,
        unspecified_gender   INTEGER NOT NULL,
        withdrawn            INTEGER NOT NULL,
        sessions_held        INTEGER NOT NULL,
        hours_held           REAL NOT NULL,
        hours_attended       REAL NOT NULL,
        average_rate         REAL,
        met_requirement      INTEGER NOT NULL,
        certificates_issued  INTEGER NOT NULL,
        computed_at          TEXT NOT NULL,
        device_id            TEXT NOT NULL
      ) STRICT;

      -- Certificates whose holder's personal data is erased: still verifiable by code, and by name and
      -- birth date typed from the paper (checked against a salted hash), but holding neither.
      CREATE TABLE erased_certificates (
        id                TEXT PRIMARY KEY,
        number            TEXT NOT NULL UNIQUE,
        verification_code TEXT NOT NULL UNIQUE,
        course_id         TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        language          TEXT NOT NULL CHECK (language IN ('nb', 'en')),
        issued_at         TEXT NOT NULL,
        -- The printed content without the participant (canonical JSON), and its sha256.
        content_json      TEXT NOT NULL,
        content_hash      TEXT NOT NULL,
        replaced_by_number TEXT,
        holder_salt       TEXT NOT NULL,
        holder_hash       TEXT NOT NULL,
        erased_at         TEXT NOT NULL,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        device_id         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX erased_certificates_course ON erased_certificates (course_id);

      CREATE TABLE privacy_requests (
        id             TEXT PRIMARY KEY,
        -- Emptied when the person is erased: the request stays as a fact (kind, dates, status).
        participant_id TEXT REFERENCES participants (id) ON DELETE SET NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'objection', 'restriction', 'erasure')),
        channel        TEXT NOT NULL CHECK (channel IN ('email', 'letter', 'phone', 'inPerson', 'form')),
        received_on    TEXT NOT NULL,
        due_on         TEXT NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('open', 'completed', 'rejected')),
        resolved_at    TEXT,
        -- Free text about the person: emptied with them.
        note           TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX privacy_requests_status ON privacy_requests (status, due_on);
      CREATE INDEX privacy_requests_participant ON privacy_requests (participant_id);

      -- Who received personal data, and when (exports, reports, batches): for the access report.
      CREATE TABLE disclosures (
        id        TEXT PRIMARY KEY,
        kind      TEXT NOT NULL CHECK (kind IN ('attendanceList', 'certificates', 'fundingReport', 'headOfficeBatch', 'accessReport')),
        course_id TEXT REFERENCES courses (id) ON DELETE SET NULL,
        recipient TEXT NOT NULL,
        at        TEXT NOT NULL,
        actor_id  TEXT NOT NULL,
        device_id TEXT NOT NULL
      ) STRICT;
      CREATE TABLE disclosure_participants (
        disclosure_id  TEXT NOT NULL REFERENCES disclosures (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        PRIMARY KEY (disclosure_id, participant_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX disclosure_participants_participant ON disclosure_participants (participant_id);
    `);

    // Consent answers so far become the first event of each history ('written' is the paper form of it).
    const consents = db
      .prepare(
        `SELECT id, consent_method, consent_recorded_at, consent_recorded_by, created_at, device_id FROM participants WHERE consent_keep = 1`,
      )
      .all() as { id: string; consent_method: string | null; consent_recorded_at: string | null; consent_recorded_by: string | null; created_at: string; device_id: string }[];
    const insertConsent = db.prepare(
      `INSERT INTO consent_events (id, participant_id, kind, method, at, recorded_by, created_at, updated_at, device_id)
       VALUES (?, ?, 'given', ?, ?, ?, ?, ?, ?)`,
    );
    for (const row of consents) {
      const at = row.consent_recorded_at ?? row.created_at;
      const method = row.consent_method === 'written' ? 'paper' : row.consent_method;
      insertConsent.run(randomUUID(), row.id, method, at, row.consent_recorded_by ?? 'unknown', at, at, row.device_id);
    }
    db.exec('UPDATE participants SET consent_method = NULL, consent_recorded_at = NULL, consent_recorded_by = NULL');

    // Reasons given after sign-off move out of the audit log onto rows that go with the person.
    const audited = db
      .prepare(`SELECT id, at, actor_id, entity_id, detail, device_id FROM audit_log WHERE entity = 'attendance' AND detail LIKE '%; reason: %'`)
      .all() as { id: string; at: string; actor_id: string; entity_id: string; detail: string; device_id: string }[];
    const insertReason = db.prepare(
      `INSERT INTO attendance_change_reasons (id, session_id, participant_id, reason, at, actor_id, created_at, updated_at, device_id)
       SELECT ?, s.id, p.id, ?, ?, ?, ?, ?, ? FROM course_sessions s, participants p WHERE s.id = ? AND p.id = ?`,
    );
    const rewrite = db.prepare('UPDATE audit_log SET detail = ? WHERE id = ?');
    for (const row of audited) {
      const match = /^session ([0-9a-f-]+): (.*?); reason: ([\s\S]*)$/.exec(row.detail);
      if (!match) continue;
      const [, sessionId, change, reason] = match as unknown as [string, string, string, string];
      insertReason.run(randomUUID(), reason, row.at, row.actor_id, row.at, row.at, row.device_id, sessionId, row.entity_id);
      rewrite.run(`session ${sessionId}: ${change}; reason given`, row.id);
    }
  },
};
