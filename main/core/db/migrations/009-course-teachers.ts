import type { Migration } from './index';

/**
 * Which teacher accounts teach which course. A teacher sees and works on
 * these courses only; coordinators see every course. The account id is the
 * staff account's id (no foreign key: an account removed later leaves its
 * assignments for a coordinator to clear, and a row names no person).
 */
export const courseTeachers: Migration = {
  version: 9,
  name: 'course teachers',
  up(db) {
    db.exec(`
      CREATE TABLE course_teachers (
        course_id   TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        account_id  TEXT NOT NULL,
        assigned_at TEXT NOT NULL,
        assigned_by TEXT NOT NULL,
        PRIMARY KEY (course_id, account_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX course_teachers_account ON course_teachers (account_id, course_id);
    `);
  },
};
