import { safeMultiLine, safeSingleLine } from '../../../contract/text';
import { refreshParticipantKeys } from '../../services/people-keys';
import type { Db } from '../database';
import type { Migration } from './index';

/** Text columns typed by people, by kind: single-line ones lose line breaks, multi-line ones keep them. */
const TEXT_COLUMNS: readonly { table: string; key: string; single: readonly string[]; multi: readonly string[] }[] = [
  { table: 'participants', key: 'id', single: ['first_name', 'last_name', 'email', 'address_street', 'address_city'], multi: ['interests'] },
  { table: 'participant_enrollments', key: 'id', single: ['employer_name'], multi: [] },
  { table: 'courses', key: 'id', single: ['name', 'place', 'teacher', 'signer_name', 'signer_title'], multi: ['description', 'learning_goals'] },
  { table: 'attendance_marks', key: 'id', single: ['note'], multi: [] },
];

/**
 * Rows written before the schemas refused them may hold decomposed Unicode,
 * line breaks in names, control characters or bidi overrides: store them as
 * the schemas would have. Issued certificates are left exactly as issued (their
 * content is hashed); the PDF renderers make such text safe when printing.
 */
function cleanStoredText(db: Db): void {
  for (const { table, key, single, multi } of TEXT_COLUMNS) {
    const columns = [...single, ...multi];
    if (columns.length === 0) continue;
    const rows = db.prepare(`SELECT ${key} AS row_key, ${columns.join(', ')} FROM ${table}`).all() as Record<string, string | null>[];
    const update = db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`);
    for (const row of rows) {
      const next = columns.map((column) => {
        const value = row[column] ?? null;
        if (value === null) return null;
        return single.includes(column) ? safeSingleLine(value) : safeMultiLine(value);
      });
      if (next.some((value, i) => value !== (row[columns[i]!] ?? null))) update.run(...next, row.row_key);
    }
  }
  const staffName = db.prepare(`SELECT value FROM settings WHERE key = 'staff.name'`).get() as { value: string } | undefined;
  if (staffName && safeSingleLine(staffName.value) !== staffName.value) {
    db.prepare(`UPDATE settings SET value = ? WHERE key = 'staff.name'`).run(safeSingleLine(staffName.value));
  }
}

/**
 * People and their names: one person, one record, found the way staff type.
 * - `search_fold` holds the accent-free spellings search matches plain words
 *   against; `search_key` and `identity_key` are recomputed with the new rules
 *   (Norwegian spellings, accents, name order, employers).
 * - Birth dates are indexed: every duplicate check starts from the birth date.
 * - `participant_distinct` records that a coordinator judged two records with
 *   the same name and birth date to be different people (who and when). It
 *   holds ids only and goes with either person (ON DELETE CASCADE).
 */
export const peopleText: Migration = {
  version: 5,
  name: 'people text',
  up(db) {
    db.exec(`
      ALTER TABLE participants ADD COLUMN search_fold TEXT NOT NULL DEFAULT '';
      CREATE INDEX participants_birth ON participants (birth_date);

      CREATE TABLE participant_distinct (
        id            TEXT PRIMARY KEY,
        participant_a TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        participant_b TEXT NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
        decided_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        device_id     TEXT NOT NULL,
        -- One row per pair, in one order.
        CHECK (participant_a < participant_b),
        UNIQUE (participant_a, participant_b)
      ) STRICT;
      CREATE INDEX participant_distinct_b ON participant_distinct (participant_b);
    `);
    cleanStoredText(db);
    refreshParticipantKeys(db);
  },
};
