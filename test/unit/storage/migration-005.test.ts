import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { migrate } from '../../../main/core/db/migrate';
import { AuditLog } from '../../../main/core/services/audit';
import { CourseService } from '../../../main/core/services/courses';
import { ParticipantService } from '../../../main/core/services/participants';
import { identityKey } from '../../../main/core/services/people-keys';
import { makeClock } from '../support/core';

/**
 * Migration 005 (people text) on a database made at version 4 with rows the
 * old code let in: decomposed names, line breaks and bidi overrides in names,
 * course texts with CR LF and control characters, and the old keys.
 */

const NOW = '2025-03-10T09:00:00.000Z';

function databaseBefore005() {
  const db: Db = new Database(':memory:');
  db.pragma('foreign_keys=ON');
  migrate(db, 4);
  const courseId = randomUUID();
  db.prepare(
    `INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, description, learning_goals, status,
       signer_name, signer_title, created_at, updated_at, device_id)
     VALUES (?, ?, 'kompetansepluss', ?, '2025-04-01', '2025-06-30', 40, ?, ?, ?, 'running', ?, NULL, ?, ?, 'device')`,
  ).run(
    courseId,
    'Norsk\npå jobben',
    'A\u030Alesund',
    'Tove\u202E Lærer',
    'Uke 1\r\nUke 2\u0007',
    'Mål\u2028to',
    'Ingrid\tLøvås',
    NOW,
    NOW,
  );
  const person = (id: string, first: string, last: string, extra: Record<string, unknown> = {}) => {
    const row = {
      id,
      first_name: first,
      last_name: last,
      birth_date: '1984-03-05',
      email: null,
      mobile: '+4791234567',
      gender: 'female',
      interests: null,
      // The keys the old code wrote: lower case only.
      identity_key: `${first.toLowerCase()}|${last.toLowerCase()}|1984-03-05`,
      search_key: `${first} ${last}`.toLowerCase(),
      sort_key: `${last}\u0001${first}`.toLowerCase(),
      created_at: NOW,
      updated_at: NOW,
      device_id: 'device',
      ...extra,
    };
    const names = Object.keys(row);
    db.prepare(`INSERT INTO participants (${names.join(', ')}) VALUES (${names.map((n) => `@${n}`).join(', ')})`).run(row);
    db.prepare(
      `INSERT INTO participant_enrollments (id, course_id, participant_id, source, employer_name, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'employer', ?, ?, ?, 'device')`,
    ).run(randomUUID(), courseId, id, 'Fjord\u202Efisk\nAS', NOW, NOW);
  };
  const ids = { decomposed: randomUUID(), composed: randomUUID(), scrambled: randomUUID(), email: randomUUID() };
  person(ids.decomposed, 'A\u030Ase', 'O\u0308degard');
  person(ids.composed, 'Åse', 'Ödegard', { mobile: '+4741234567' });
  person(ids.scrambled, 'Kari\nAnne', '\u202ENordmann\u0000', { interests: 'Sveising\r\nTruck\u200F' });
  person(ids.email, 'Per', 'Hansen', { email: 'per@bo\u0308ler.no', mobile: null });
  const sessionId = randomUUID();
  db.prepare(
    `INSERT INTO course_sessions (id, course_id, date, start_time, end_time, hours, created_at, updated_at, device_id)
     VALUES (?, ?, '2025-04-07', '09:00', '12:00', 3, ?, ?, 'device')`,
  ).run(sessionId, courseId, NOW, NOW);
  db.prepare(
    `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, note, created_at, updated_at, device_id)
     VALUES (?, ?, ?, 'late', 2, ?, ?, ?, 'device')`,
  ).run(randomUUID(), sessionId, ids.scrambled, 'Kom\nsent\u202E', NOW, NOW);
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('staff.name', ?, ?)`).run('Tove\u2066 Lærer', NOW);
  return { db, courseId, ids };
}

const row = (db: Db, sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as Record<string, unknown>;

describe('migration 005: people text', () => {
  it('stores the text of people as the new schemas would have: NFC, single lines, no controls or bidi overrides', () => {
    const { db, courseId, ids } = databaseBefore005();
    migrate(db, 5);
    expect(db.pragma('user_version', { simple: true })).toBe(5);

    expect(row(db, 'SELECT first_name, last_name FROM participants WHERE id = ?', ids.decomposed)).toEqual({ first_name: 'Åse', last_name: 'Ödegard' });
    expect(row(db, 'SELECT first_name, last_name, interests FROM participants WHERE id = ?', ids.scrambled)).toEqual({
      first_name: 'Kari Anne',
      last_name: 'Nordmann',
      // Line breaks stay in multi-line text; the right-to-left mark (not an override) stays too.
      interests: 'Sveising\nTruck\u200F',
    });
    expect(row(db, 'SELECT email FROM participants WHERE id = ?', ids.email)).toEqual({ email: 'per@böler.no' });
    expect(row(db, 'SELECT name, place, teacher, description, learning_goals, signer_name FROM courses WHERE id = ?', courseId)).toEqual({
      name: 'Norsk på jobben',
      place: 'Ålesund',
      teacher: 'Tove Lærer',
      description: 'Uke 1\nUke 2',
      learning_goals: 'Mål\nto',
      signer_name: 'Ingrid Løvås',
    });
    expect(row(db, 'SELECT DISTINCT employer_name FROM participant_enrollments')).toEqual({ employer_name: 'Fjordfisk AS' });
    expect(row(db, 'SELECT note FROM attendance_marks')).toEqual({ note: 'Kom sent' });
    expect(row(db, "SELECT value FROM settings WHERE key = 'staff.name'")).toEqual({ value: 'Tove Lærer' });
    // Timestamps are left alone: normalising is not an edit by anyone.
    expect(row(db, 'SELECT updated_at FROM participants WHERE id = ?', ids.scrambled)).toEqual({ updated_at: NOW });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });

  it('recomputes the duplicate and search keys, so old rows are found the new ways', () => {
    const { db, courseId, ids } = databaseBefore005();
    migrate(db, 5);
    const keys = row(db, 'SELECT identity_key, search_key, search_fold FROM participants WHERE id = ?', ids.decomposed);
    expect(keys.identity_key).toBe(identityKey({ firstName: 'Aase', lastName: 'Odegard', birthDate: '1984-03-05' }));
    expect(keys.search_fold).not.toBe('');

    // Today's services expect today's schema: the migrations after this one add to it, none change these keys.
    migrate(db);
    expect(row(db, 'SELECT identity_key FROM participants WHERE id = ?', ids.decomposed).identity_key).toBe(keys.identity_key);
    const ctx = { db, clock: makeClock(), deviceId: randomUUID(), actorId: randomUUID(), actorRole: 'coordinator' };
    const audit = new AuditLog(ctx);
    const participants = new ParticipantService(ctx, audit, new CourseService(ctx, audit));
    const found = (query: string) => participants.search(query).map((hit) => hit.participantId);
    expect(found('aase odegard').sort()).toEqual([ids.decomposed, ids.composed].sort());
    expect(found('Nordmann, Kari')).toEqual([ids.scrambled]);
    expect(found('912 34 567').sort()).toEqual([ids.decomposed, ids.scrambled].sort());
    expect(found('fjordfisk')).toHaveLength(4);
    expect(found('boler')).toEqual([ids.email]);
    expect(participants.listByCourse(courseId, 'hansen per').map((p) => p.participantId)).toEqual([ids.email]);

    // The two Åse Ödegård that the old exact check kept apart are now offered as one person.
    const candidates = participants.findDuplicates({ firstName: 'Åse', lastName: 'Ødegård', birthDate: '1984-03-05' });
    expect(candidates.map((c) => c.participantId).sort()).toEqual([ids.decomposed, ids.composed].sort());
    db.close();
  });

  it('adds the birth-date index and the register of people judged different, which goes with either person', () => {
    const { db, ids } = databaseBefore005();
    migrate(db, 5);
    const indexes = (db.pragma('index_list(participants)') as { name: string }[]).map((i) => i.name);
    expect(indexes).toContain('participants_birth');
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM participants WHERE birth_date = ?').all('1984-03-05') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX participants_birth/);

    const insert = db.prepare(
      `INSERT INTO participant_distinct (id, participant_a, participant_b, decided_by, created_at, updated_at, device_id)
       VALUES (?, ?, ?, 'staff', ?, ?, 'device')`,
    );
    const [a, b] = [ids.decomposed, ids.composed].sort() as [string, string];
    expect(() => insert.run(randomUUID(), b, a, NOW, NOW)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_CHECK' }));
    expect(() => insert.run(randomUUID(), a, 'zz-no-such-person', NOW, NOW)).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
    insert.run(randomUUID(), a, b, NOW, NOW);
    expect(() => insert.run(randomUUID(), a, b, NOW, NOW)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }));
    db.prepare('DELETE FROM participants WHERE id = ?').run(b);
    expect(row(db, 'SELECT count(*) AS n FROM participant_distinct')).toEqual({ n: 0 });
    db.close();
  });
});
