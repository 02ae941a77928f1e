import type { Migration } from './index';

/**
 * Course evaluations (issue 13), anonymous by construction:
 * - evaluation_forms: a course's own copy of the questions (no row: the
 *   provider's default form; a row without a course: the provider's edited
 *   default). Questions are JSON, their texts in bokmål with optional
 *   English and nynorsk.
 * - evaluation_responses: one per person who answered, with the course and
 *   the day only: no participant, no account, no time of day, no device.
 *   WITHOUT ROWID with a random primary key, so neither the table's order nor
 *   a rowid tells in which order people answered.
 * - evaluation_open_answers: each open answer on its own row with its own
 *   random id, not tied to the response it came with, so the two open
 *   answers and the ratings of one person cannot be put together.
 * No created_at/updated_at/device_id here on purpose: a time is what could
 * link an answer to whoever sat at the laptop then.
 */
export const evaluations: Migration = {
  version: 12,
  name: 'evaluations',
  up(db) {
    db.exec(`
      CREATE TABLE evaluation_forms (
        id         TEXT PRIMARY KEY,
        course_id  TEXT UNIQUE REFERENCES courses (id) ON DELETE CASCADE,
        questions  TEXT NOT NULL CHECK (json_valid(questions) AND json_type(questions) = 'array'),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        device_id  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE evaluation_responses (
        id          TEXT PRIMARY KEY,
        course_id   TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        answered_on TEXT NOT NULL CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        ratings     TEXT NOT NULL CHECK (json_valid(ratings) AND json_type(ratings) = 'object'),
        choices     TEXT NOT NULL CHECK (json_valid(choices) AND json_type(choices) = 'object')
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX evaluation_responses_course ON evaluation_responses (course_id);

      CREATE TABLE evaluation_open_answers (
        id          TEXT PRIMARY KEY,
        course_id   TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        answered_on TEXT NOT NULL CHECK (answered_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX evaluation_open_answers_course ON evaluation_open_answers (course_id);
    `);
  },
};
