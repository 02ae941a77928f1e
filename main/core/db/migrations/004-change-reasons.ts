import type { Migration } from './index';

/**
 * Reasons for changes that undo what was signed or issued: cancelling a
 * session whose list was signed off, and replacing a valid certificate. They
 * are free text that may describe a person, so they live on the rows they
 * explain (erased with the course or the participant), never in the audit
 * log, which says only that a reason was given.
 */
export const changeReasons: Migration = {
  version: 4,
  name: 'change reasons',
  up(db) {
    db.exec(`
      ALTER TABLE course_sessions ADD COLUMN cancel_reason TEXT;
      ALTER TABLE certificates ADD COLUMN replace_reason TEXT;
    `);
  },
};
