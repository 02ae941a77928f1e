import type { Migration } from './index';

const OLD_TYPE_CHECK = "CHECK (type IN ('kompetansepluss', 'fagbrev', 'other'))";
const NEW_TYPE_CHECK = "CHECK (type IN ('kompetansepluss', 'fagbrev', 'studieforbund', 'bedriftsbetalt', 'other'))";

/**
 * Course types for study associations (studieforbund) and employer-paid
 * courses (bedriftsbetalt), and each course's funder and the funder's
 * reference (agreement or case number).
 *
 * SQLite cannot change a CHECK constraint in place, so the courses table is
 * rebuilt the way SQLite documents (https://sqlite.org/lang_altertable.html,
 * "other kinds of table schema changes"): foreign keys off (the migrator does
 * that for `rebuildsTables`), a new table from the stored definition with only
 * the type check changed, every row copied, the old table dropped, the new one
 * renamed, its indexes and triggers made again, and a foreign key check before
 * commit. The new table is made from the stored CREATE statement rather than
 * written out here, so columns other migrations added to courses are kept.
 */
export const funders: Migration = {
  version: 13,
  name: 'funders',
  rebuildsTables: true,
  up(db) {
    const stored = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'courses'`).get() as { sql: string } | undefined;
    if (!stored || !stored.sql.includes(OLD_TYPE_CHECK) || !/^CREATE TABLE courses \(/.test(stored.sql)) {
      throw new Error('migration 010: the courses table is not the one this migration knows');
    }
    const others = db
      .prepare(`SELECT sql FROM sqlite_schema WHERE tbl_name = 'courses' AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
      .all() as { sql: string }[];
    const created = stored.sql.replace(/^CREATE TABLE courses \(/, 'CREATE TABLE courses_new (').replace(OLD_TYPE_CHECK, NEW_TYPE_CHECK);
    db.exec(created);
    // Same definition, so the same columns in the same order.
    db.exec('INSERT INTO courses_new SELECT * FROM courses');
    db.exec('DROP TABLE courses');
    db.exec('ALTER TABLE courses_new RENAME TO courses');
    for (const { sql } of others) db.exec(sql);
    db.exec(`
      ALTER TABLE courses ADD COLUMN funder_name TEXT;
      ALTER TABLE courses ADD COLUMN funder_reference TEXT;
    `);
  },
};
