import type { Migration } from './index';

/**
 * Course sessions (økter) and attendance marks, the course's required
 * attendance rate, and a detail column in the audit log for status changes
 * and the reasons given for changes after sign-off.
 */
export const attendance: Migration = {
  version: 2,
  name: 'sessions and attendance',
  up(db) {
    db.exec(`
      ALTER TABLE courses ADD COLUMN required_attendance_percent REAL NOT NULL DEFAULT 75
        CHECK (required_attendance_percent BETWEEN 0 AND 100);

      CREATE TABLE course_sessions (
        id            TEXT PRIMARY KEY,
        course_id     TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        date          TEXT NOT NULL,
        start_time    TEXT NOT NULL,
        end_time      TEXT NOT NULL CHECK (end_time > start_time),
        hours         REAL NOT NULL CHECK (hours > 0),
        cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
        signed_off_at TEXT,
        signed_off_by TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        device_id     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX sessions_course ON course_sessions (course_id, date, start_time);

      CREATE TABLE attendance_marks (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
        participant_id TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        status         TEXT NOT NULL CHECK (status IN ('present', 'absent', 'late', 'excused')),
        hours          REAL NOT NULL CHECK (hours >= 0),
        note           TEXT,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        device_id      TEXT NOT NULL,
        UNIQUE (session_id, participant_id)
      ) STRICT;
      CREATE INDEX marks_participant ON attendance_marks (participant_id);
      -- Lets the overview read a course's marks from the index alone.
      CREATE INDEX marks_session_cover ON attendance_marks (session_id, participant_id, status, hours);

      ALTER TABLE audit_log ADD COLUMN detail TEXT;
    `);
  },
};
