import type { Migration } from './index';

/**
 * Absence with reasons (issue 12): a reason category on absence marks, and
 * absence notices given in advance for a session.
 *
 * The reason is a category, never free text, and only an absence has one: the
 * CHECK keeps present and late marks without. Existing marks get no reason
 * (NULL), so every old row stays valid.
 *
 * A notice is about one participant and one session and is erased with either
 * (ON DELETE CASCADE): erasing the person removes their notices in the same
 * statement as their marks.
 */
export const absenceReasons: Migration = {
  version: 11,
  name: 'absence reasons and notices',
  up(db) {
    db.exec(`
      ALTER TABLE attendance_marks ADD COLUMN absence_reason TEXT
        CHECK (absence_reason IS NULL OR (absence_reason IN ('illness', 'childIllness', 'work', 'other') AND status IN ('absent', 'excused')));

      CREATE TABLE absence_notices (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        reason         TEXT NOT NULL CHECK (reason IN ('illness', 'childIllness', 'work', 'other')),
        note           TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL,
        UNIQUE (session_id, participant_id)
      ) STRICT;
      CREATE INDEX absence_notices_participant ON absence_notices (participant_id);
    `);
  },
};
