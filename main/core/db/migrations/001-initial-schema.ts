import type { Migration } from './index';

/**
 * Courses, participants (the only tables with personal data), enrollments,
 * settings and the audit log. Every row carries created/updated timestamps and
 * the id of the device that made it, so batches from many devices can merge.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE courses (
        id            TEXT PRIMARY KEY,
        name          TEXT NOT NULL,
        type          TEXT NOT NULL CHECK (type IN ('kompetansepluss', 'fagbrev', 'other')),
        place         TEXT NOT NULL,
        start_date    TEXT NOT NULL,
        end_date      TEXT NOT NULL CHECK (end_date >= start_date),
        planned_hours REAL NOT NULL CHECK (planned_hours > 0),
        teacher       TEXT NOT NULL,
        description   TEXT,
        learning_goals TEXT,
        status        TEXT NOT NULL CHECK (status IN ('planned', 'running', 'finished')),
        financial_report_approved_at TEXT
          CHECK (financial_report_approved_at IS NULL OR type = 'kompetansepluss'),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        device_id     TEXT NOT NULL
      ) STRICT;

      CREATE TABLE participants (
        id                  TEXT PRIMARY KEY,
        first_name          TEXT NOT NULL,
        last_name           TEXT NOT NULL,
        birth_date          TEXT NOT NULL,
        email               TEXT,
        mobile              TEXT,
        gender              TEXT NOT NULL CHECK (gender IN ('female', 'male', 'other', 'unspecified')),
        address_street      TEXT,
        address_postal_code TEXT,
        address_city        TEXT,
        interests           TEXT,
        consent_keep        INTEGER NOT NULL DEFAULT 0 CHECK (consent_keep IN (0, 1)),
        consent_method      TEXT CHECK (consent_method IN ('written', 'verbal', 'form')),
        consent_recorded_at TEXT,
        consent_recorded_by TEXT,
        identity_key        TEXT NOT NULL,
        search_key          TEXT NOT NULL,
        sort_key            TEXT NOT NULL,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL,
        device_id           TEXT NOT NULL,
        CHECK (email IS NOT NULL OR mobile IS NOT NULL)
      ) STRICT;
      CREATE INDEX participants_identity ON participants (identity_key);
      CREATE INDEX participants_sort ON participants (sort_key);

      CREATE TABLE participant_enrollments (
        id             TEXT PRIMARY KEY,
        course_id      TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        source         TEXT NOT NULL CHECK (source IN ('employer', 'self', 'teacher')),
        employer_name  TEXT CHECK (employer_name IS NULL OR source = 'employer'),
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL,
        UNIQUE (course_id, participant_id)
      ) STRICT;
      CREATE INDEX enrollments_participant ON participant_enrollments (participant_id);

      -- Ids, field names, actor and time only: never a personal value.
      CREATE TABLE audit_log (
        id         TEXT PRIMARY KEY,
        at         TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        action     TEXT NOT NULL,
        entity     TEXT NOT NULL,
        entity_id  TEXT NOT NULL,
        course_id  TEXT,
        fields     TEXT NOT NULL DEFAULT '[]',
        device_id  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_entity ON audit_log (entity, entity_id);
    `);
  },
};
