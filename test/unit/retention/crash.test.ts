import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { createUnlockedCore, dispatchOk, newCore, TEST_PASSPHRASE, TEST_STAFF } from '../support/core';
import { runCrashRounds } from '../support/crash';
import { databaseKey, openCoreDatabase } from '../support/storage';
import { searchRawFiles } from './helpers';

/**
 * A deletion run killed (SIGKILL) at a random moment leaves everything or
 * nothing: each round adds a due course, a child process unlocks and runs the
 * deletion of every due course, and is killed 20–700 ms after it starts. Each
 * course is then either untouched (people, marks and certificates all there,
 * no figures, no tombstones) or wholly erased (people gone, figures and
 * tombstones there, certificates in the register), and all courses of one run
 * share the same fate. Finally the courses still due are run to the end and
 * the decrypted files hold nothing of anyone erased.
 */

const ROUNDS = 16;
const PEOPLE = 20;
const SESSIONS = 15;
const CERTIFICATES = 2;
const NOW = '2025-03-01T10:00:00.000Z';
/** A run of one such course takes about 100–300 ms on a busy machine: kills land before, inside and after it. */
const KILL_WINDOW_MS = [20, 700] as const;

/** A finished course, due since February (the writers' clock stands on 10 March), written straight into the database. */
function addDueCourse(db: Db, round: number): { courseId: string; people: string[]; marker: string } {
  const courseId = randomUUID();
  const marker = `Krasjmarkør${round}x`;
  const people: string[] = [];
  db.transaction(() => {
    db.prepare(
      `INSERT INTO courses (id, name, type, place, start_date, end_date, planned_hours, teacher, status, created_at, updated_at, device_id)
       VALUES (?, ?, 'other', 'Bodø', '2024-11-04', '2025-01-10', 75, 'Lærer Krasj', 'finished', ?, ?, 'test')`,
    ).run(courseId, `Krasjkurs ${round}`, NOW, NOW);
    const sessions = Array.from({ length: SESSIONS }, (_, i) => {
      const id = randomUUID();
      const date = new Date(Date.UTC(2024, 10, 4 + i)).toISOString().slice(0, 10);
      db.prepare(
        `INSERT INTO course_sessions (id, course_id, date, start_time, end_time, hours, created_at, updated_at, device_id)
         VALUES (?, ?, ?, '09:00', '11:30', 2.5, ?, ?, 'test')`,
      ).run(id, courseId, date, NOW, NOW);
      return id;
    });
    for (let p = 0; p < PEOPLE; p++) {
      const id = randomUUID();
      people.push(id);
      const last = `${marker} ${p}`;
      db.prepare(
        `INSERT INTO participants (id, first_name, last_name, birth_date, email, gender, identity_key, search_key, sort_key, created_at, updated_at, device_id)
         VALUES (?, 'Krasj', ?, '1980-01-01', ?, 'female', ?, ?, ?, ?, ?, 'test')`,
      ).run(id, last, `krasj${round}.${p}@example.no`, `krasj|${last}|${p}`, last.toLowerCase(), last.toLowerCase(), NOW, NOW);
      db.prepare(
        `INSERT INTO participant_enrollments (id, course_id, participant_id, source, created_at, updated_at, device_id) VALUES (?, ?, ?, 'self', ?, ?, 'test')`,
      ).run(randomUUID(), courseId, id, NOW, NOW);
      for (const sessionId of sessions) {
        db.prepare(
          `INSERT INTO attendance_marks (id, session_id, participant_id, status, hours, note, created_at, updated_at, device_id)
           VALUES (?, ?, ?, 'present', 2.5, ?, ?, ?, 'test')`,
        ).run(randomUUID(), sessionId, id, p % 10 === 0 ? `${marker} notat` : null, NOW, NOW);
      }
      if (p < CERTIFICATES) {
        const content = JSON.stringify({ number: `NK-2025-${round}${p}`, participant: { firstName: 'Krasj', lastName: last, birthDate: '1980-01-01' }, hoursAttended: 75 });
        db.prepare(
          `INSERT INTO certificates (id, number, verification_code, participant_id, course_id, language, issued_at, issued_by, content_json, content_hash,
             created_at, updated_at, device_id)
           VALUES (?, ?, ?, ?, ?, 'nb', ?, 'test', ?, 'x', ?, ?, 'test')`,
        ).run(randomUUID(), `NK-2025-9${String(round).padStart(2, '0')}${p}`, randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase(), id, courseId, NOW, content, NOW, NOW);
      }
    }
  })();
  return { courseId, people, marker };
}

/** What a course holds now: untouched, wholly erased, or something in between (which must never be). */
function stateOf(db: Db, course: { courseId: string; people: string[] }): string {
  const ids = JSON.stringify(course.people);
  const n = (sql: string, ...params: unknown[]) => (db.prepare(sql).get(...params) as { n: number }).n;
  const facts = {
    people: n('SELECT count(*) AS n FROM participants WHERE id IN (SELECT value FROM json_each(?))', ids),
    marks: n('SELECT count(*) AS n FROM attendance_marks WHERE participant_id IN (SELECT value FROM json_each(?))', ids),
    certificates: n('SELECT count(*) AS n FROM certificates WHERE course_id = ?', course.courseId),
    register: n('SELECT count(*) AS n FROM erased_certificates WHERE course_id = ?', course.courseId),
    tombstones: n('SELECT count(*) AS n FROM tombstones WHERE entity_id IN (SELECT value FROM json_each(?))', ids),
    statistics: n('SELECT count(*) AS n FROM course_statistics WHERE course_id = ?', course.courseId),
    erasedAt: n('SELECT count(*) AS n FROM courses WHERE id = ? AND personal_data_erased_at IS NOT NULL', course.courseId),
  };
  const untouched = { people: PEOPLE, marks: PEOPLE * SESSIONS, certificates: CERTIFICATES, register: 0, tombstones: 0, statistics: 0, erasedAt: 0 };
  const erased = { people: 0, marks: 0, certificates: 0, register: CERTIFICATES, tombstones: PEOPLE, statistics: 1, erasedAt: 1 };
  if (JSON.stringify(facts) === JSON.stringify(untouched)) return 'untouched';
  if (JSON.stringify(facts) === JSON.stringify(erased)) return 'erased';
  return JSON.stringify(facts);
}

describe('crash safety of deletion runs', () => {
  it(`leaves every run all-or-nothing across ${ROUNDS} SIGKILLs, and nothing erased in the files afterwards`, { timeout: 300_000 }, async () => {
    const { core, dir, clock } = await createUnlockedCore();
    clock.set(NOW);
    core.lock();
    const key = await databaseKey(dir);
    const courses: { courseId: string; people: string[]; marker: string }[] = [];
    const withDb = <T,>(fn: (db: Db) => T): T => {
      const db = openCoreDatabase(dir, key);
      try {
        return fn(db);
      } finally {
        db.close();
      }
    };
    withDb((db) => courses.push(addDueCourse(db, 0)));
    /** Courses not erased yet: the next run takes them all. */
    const pending = [...courses];

    const outcomes = { untouched: 0, erased: 0, done: 0 };
    const durations: number[] = [];
    await runCrashRounds('retention', dir, 'every-due-course', ROUNDS, ({ lines, killedAfterMs }, round) => {
      const context = `round ${round}, killed after ${killedAfterMs} ms`;
      withDb((db) => {
        expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        expect(db.pragma('foreign_key_check'), context).toEqual([]);
        const states = courses.map((c) => stateOf(db, c));
        for (const [i, state] of states.entries()) expect(['untouched', 'erased'], `${context}, course ${i}: ${state}`).toContain(state);
        // One run erases every course due when it started (those left by earlier rounds too), or none of them.
        const inThisRun = pending.map((c) => stateOf(db, c));
        expect(new Set(inThisRun).size, `${context}: ${inThisRun.join(', ')}`).toBe(1);
        for (const c of courses.filter((c) => !pending.includes(c))) expect(stateOf(db, c), `${context}: erased earlier`).toBe('erased');
        if (inThisRun[0] === 'erased') pending.length = 0;
        const done = lines.find((line) => line.startsWith('done '));
        if (done) {
          outcomes.done++;
          durations.push(Number(done.split(' ')[2]));
          expect(inThisRun[0], `${context}: acknowledged but not erased`).toBe('erased');
        }
        outcomes[inThisRun[0] as 'untouched' | 'erased']++;
        const added = addDueCourse(db, round + 1);
        courses.push(added);
        pending.push(added);
      });
    }, KILL_WINDOW_MS);
    console.info(`deletion crash test: ${ROUNDS} kills in ${KILL_WINDOW_MS.join('–')} ms, ${outcomes.erased} rounds erased (${outcomes.done} acknowledged), ${outcomes.untouched} untouched; acknowledged runs took ${durations.join(', ')} ms`);
    expect(outcomes.erased + outcomes.untouched).toBe(ROUNDS);

    // The next start finishes the work: what is still due is run, and no one erased is left in the files.
    const next = newCore({ dataDir: dir, clock });
    await dispatchOk(next, 'vault:unlock', { name: TEST_STAFF.staffName, passphrase: TEST_PASSPHRASE });
    const due = await dispatchOk(next, 'retention:due', {});
    if (due.length > 0) await dispatchOk(next, 'retention:run', { courseIds: due.map((c) => c.courseId) });
    next.lock();
    withDb((db) => {
      for (const course of courses) expect(stateOf(db, course)).toBe('erased');
    });
    const raw = await searchRawFiles(dir, courses.map((c) => c.marker));
    expect(raw.database).toEqual([]);
    expect(raw.wal).toEqual([]);
    expect(raw.dirtyFreePages).toEqual([]);
  });
});
