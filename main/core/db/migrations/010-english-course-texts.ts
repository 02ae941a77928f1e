import type { Migration } from './index';

/**
 * A course's name, content and learning goals in English, for certificates
 * printed in English. Nullable: a course without them prints Norwegian
 * certificates only (an English one is refused and says what is missing).
 * Added columns, not a rebuilt table: existing rows and indexes stay as they are.
 */
export const englishCourseTexts: Migration = {
  version: 10,
  name: 'english course texts',
  up(db) {
    db.exec(`
      ALTER TABLE courses ADD COLUMN english_name TEXT;
      ALTER TABLE courses ADD COLUMN english_description TEXT;
      ALTER TABLE courses ADD COLUMN english_learning_goals TEXT;
    `);
  },
};
