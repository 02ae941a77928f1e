import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { funders } from '../../../main/core/db/migrations/013-funders';

/**
 * Migration 013 rebuilds the courses table (SQLite cannot change a CHECK in
 * place) to allow the new course types, and adds the funder columns. The
 * rebuild must keep every row of every table, the indexes and triggers on
 * courses, and the foreign keys that point at it (with their cascades).
 */

const memoryDb = (): Db => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys=ON');
  return db;
};

/** Inserts a row; NOT NULL columns the test does not care about get a placeholder. */
function insert(db: Db, table: string, row: Record<string, unknown>): void {
  const full = { ...row };
  for (const column of db.pragma(`table_info(${table})`) as { name: string; notnull: number; dflt_value: unknown }[]) {
    if (column.notnull && column.dflt_value === null && !(column.name in full)) full[column.name] = `placeholder-${randomUUID()}`;
  }
  const names = Object.keys(full);
  db.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(full);
}

/** Every row of every table, as sorted JSON lines per table (courses without the new columns). */
function contents(db: Db): Record<string, string[]> {
  const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map(
    (t) => t.name,
  );
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    out[table] = (db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
      .map(({ funder_name: _n, funder_reference: _r, ...row }) => JSON.stringify(row))
      .sort();
  }
  return out;
}

const schemaOf = (db: Db, type: 'index' | 'trigger') =>
  (db.prepare(`SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = ? AND sql IS NOT NULL ORDER BY name`).all(type) as { name: string }[]);

function populatedAtVersion9() {
  const db = memoryDb();
  migrate(db, funders.version - 1);
  const courses = ['kompetansepluss', 'fagbrev', 'other'].map((type, i) => {
    const id = randomUUID();
    insert(db, 'courses', {
      id,
      name: `Kurs ${i} Ålesund`,
      type,
      place: 'Ålesund',
      start_date: '2025-04-01',
      end_date: '2025-06-30',
      planned_hours: 40 + i,
      teacher: 'Lærer',
      status: 'running',
      financial_report_approved_at: type === 'kompetansepluss' ? '2025-07-15' : null,
      required_attendance_percent: 80,
      signer_name: 'Signe',
      personal_data_erased_at: null,
    });
    return id;
  });
  const people = [0, 1, 2].map((i) => {
    const id = randomUUID();
    insert(db, 'participants', { id, first_name: `Kari${i}`, last_name: 'Nordmann', birth_date: '1985-06-15', email: 'k@example.no', gender: 'female', consent_keep: 0, consent_method: null });
    return id;
  });
  for (const [i, courseId] of courses.entries()) {
    for (const [j, participantId] of people.entries()) {
      const employer = i === 0;
      insert(db, 'participant_enrollments', { id: randomUUID(), course_id: courseId, participant_id: participantId, source: employer ? 'employer' : 'self', employer_name: employer ? `Firma ${j}` : null });
    }
    const sessionId = randomUUID();
    insert(db, 'course_sessions', { id: sessionId, course_id: courseId, date: '2025-04-02', start_time: '09:00', end_time: '11:30', hours: 2.5, cancelled: 0 });
    insert(db, 'attendance_marks', { id: randomUUID(), session_id: sessionId, participant_id: people[0], status: 'present', hours: 2.5, note: null });
    insert(db, 'course_teachers', { course_id: courseId, account_id: randomUUID(), assigned_at: '2025-03-01T00:00:00.000Z', assigned_by: 'x' });
    const disclosureId = randomUUID();
    insert(db, 'disclosures', { id: disclosureId, kind: 'attendanceList', course_id: courseId, recipient: 'file', at: '2025-04-03T00:00:00.000Z', actor_id: 'a', device_id: 'd' });
    insert(db, 'disclosure_participants', { disclosure_id: disclosureId, participant_id: people[1] });
  }
  // An index and a trigger on courses that some other change may have added: both must survive the rebuild.
  db.exec(`
    CREATE INDEX courses_start ON courses (start_date);
    CREATE TABLE course_log (course_id TEXT NOT NULL, at TEXT NOT NULL) STRICT;
    CREATE TRIGGER courses_renamed AFTER UPDATE OF name ON courses BEGIN INSERT INTO course_log VALUES (new.id, 'now'); END;
  `);
  return { db, courses, people };
}

describe('migration 013: funders', () => {
  it('keeps every row of every table, the indexes and triggers on courses, and leaves foreign keys on and sound', () => {
    const { db } = populatedAtVersion9();
    const before = contents(db);
    const indexes = schemaOf(db, 'index');
    const triggers = schemaOf(db, 'trigger');
    expect(before['courses']).toHaveLength(3);

    migrate(db, funders.version);

    expect(db.pragma('user_version', { simple: true })).toBe(funders.version);
    expect(contents(db)).toEqual(before);
    expect(schemaOf(db, 'index')).toEqual(indexes);
    expect(schemaOf(db, 'trigger')).toEqual(triggers);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // No table is left behind under the temporary name, and no reference points at it.
    const schemaText = (db.prepare(`SELECT group_concat(sql, ' ') AS s FROM sqlite_schema`).get() as { s: string }).s;
    expect(schemaText).not.toContain('courses_new');
    const columns = (db.pragma('table_info(courses)') as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(['funder_name', 'funder_reference']));
    db.close();
  });

  it('allows the new types, still refuses unknown ones and the approval date on other types, and cascades as before', () => {
    const { db, courses, people } = populatedAtVersion9();
    migrate(db, funders.version);
    const update = db.prepare('UPDATE courses SET type = ?, funder_name = ?, funder_reference = ? WHERE id = ?');
    update.run('studieforbund', 'Studieforbundet folkeuniversitetet', 'SF-2025-17', courses[2]);
    update.run('bedriftsbetalt', 'Byggmester Hansen AS', 'PO 4711', courses[1]);
    expect(db.prepare('SELECT type, funder_name, funder_reference FROM courses WHERE id = ?').get(courses[2])).toEqual({
      type: 'studieforbund',
      funder_name: 'Studieforbundet folkeuniversitetet',
      funder_reference: 'SF-2025-17',
    });
    expect(() => update.run('kveldskurs', null, null, courses[2])).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE courses SET financial_report_approved_at = '2025-08-01' WHERE id = ?`).run(courses[1])).toThrow(/CHECK/);
    // The trigger still fires on the rebuilt table.
    db.prepare(`UPDATE courses SET name = 'Nytt navn' WHERE id = ?`).run(courses[0]);
    expect(db.prepare('SELECT count(*) AS n FROM course_log').get()).toEqual({ n: 1 });

    // Foreign keys into courses still hold: cascade on delete, SET NULL for disclosures, and no orphan can be made.
    db.prepare('DELETE FROM courses WHERE id = ?').run(courses[0]);
    expect(db.prepare('SELECT count(*) AS n FROM participant_enrollments WHERE course_id = ?').get(courses[0])).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM course_sessions WHERE course_id = ?').get(courses[0])).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM disclosures WHERE course_id IS NULL').get()).toEqual({ n: 1 });
    expect(() =>
      insert(db, 'participant_enrollments', { id: randomUUID(), course_id: randomUUID(), participant_id: people[0], source: 'self', employer_name: null }),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('rolls back completely, foreign keys back on, when the table is not the one it knows', () => {
    const db = memoryDb();
    migrate(db, funders.version - 1);
    db.exec('ALTER TABLE courses RENAME COLUMN type TO kind');
    const before = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all();
    expect(() => migrate(db, funders.version)).toThrow(/courses table/);
    expect(db.pragma('user_version', { simple: true })).toBe(funders.version - 1);
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(before);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('rolls back the whole rebuild when a foreign key would be left broken, rows and schema as they were', () => {
    const { db } = populatedAtVersion9();
    // An orphan written by some earlier fault: the check before commit finds it, and nothing of the rebuild stays.
    db.pragma('foreign_keys=OFF');
    insert(db, 'course_sessions', { id: randomUUID(), course_id: randomUUID(), date: '2025-04-02', start_time: '09:00', end_time: '10:00', hours: 1, cancelled: 0 });
    db.pragma('foreign_keys=ON');
    const before = contents(db);
    const schema = db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();
    expect(() => migrate(db, funders.version)).toThrow(/broken foreign keys/);
    expect(db.pragma('user_version', { simple: true })).toBe(funders.version - 1);
    expect(db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all()).toEqual(schema);
    expect(contents(db)).toEqual(before);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
