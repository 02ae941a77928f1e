import type { Migration } from './index';

/**
 * Course certificates (kursbevis): the signer printed per course, and the
 * register of issued certificates. A certificate's printed content is personal
 * data, so the register is participant-scoped and goes with the participant
 * (ON DELETE CASCADE). Provider settings live in the settings table.
 */
export const certificates: Migration = {
  version: 3,
  name: 'certificates',
  up(db) {
    db.exec(`
      ALTER TABLE courses ADD COLUMN signer_name TEXT;
      ALTER TABLE courses ADD COLUMN signer_title TEXT;

      CREATE TABLE certificates (
        id                TEXT PRIMARY KEY,
        number            TEXT NOT NULL UNIQUE,
        verification_code TEXT NOT NULL UNIQUE,
        participant_id    TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        course_id         TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        language          TEXT NOT NULL CHECK (language IN ('nb', 'en')),
        issued_at         TEXT NOT NULL,
        issued_by         TEXT NOT NULL,
        override_reason   TEXT,
        -- Exactly the printed data (canonical JSON) and its sha256, checked again on verification.
        content_json      TEXT NOT NULL,
        content_hash      TEXT NOT NULL,
        replaced_by       TEXT REFERENCES certificates (id) ON DELETE SET NULL,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        device_id         TEXT NOT NULL
      ) STRICT;
      CREATE INDEX certificates_participant ON certificates (participant_id, course_id);
      CREATE INDEX certificates_course ON certificates (course_id);
    `);
  },
};
