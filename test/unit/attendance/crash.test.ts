import { describe, expect, it } from 'vitest';
import { createUnlockedCore, dispatchOk, sampleCourse, sampleParticipant, TEST_NOW } from '../support/core';
import { runCrashRounds } from '../support/crash';
import { databaseKey, openCoreDatabase } from '../support/storage';

const ROUNDS = 50;

describe('crash safety of attendance marks', () => {
  it(`keeps every acknowledged mark and an intact database across ${ROUNDS} SIGKILLs`, { timeout: 180_000 }, async () => {
    // Sessions before the test clock's "today", so no mark needs confirming.
    const { core, dir } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other', { startDate: '2025-02-03', endDate: '2025-03-07' }));
    for (let i = 0; i < 12; i++) {
      await dispatchOk(core, 'participants:register', {
        courseId: course.id,
        participant: sampleParticipant({ firstName: 'Åse', lastName: `Ødegård ${i}` }),
        enrollment: { source: 'teacher' },
      });
    }
    await dispatchOk(core, 'sessions:generate', { courseId: course.id, weekdays: [1, 3], startTime: '09:00', endTime: '11:30' });
    expect(TEST_NOW.slice(0, 10) > '2025-03-07').toBe(true);
    core.lock();
    const key = await databaseKey(dir);

    /** What each (session, participant) cell must hold: the last acknowledged status. */
    const expected = new Map<string, string>();
    let acknowledged = 0;
    const perRound = await runCrashRounds('mark', dir, course.id, ROUNDS, ({ lines, killedAfterMs }, round) => {
      for (const line of lines) {
        const [sessionId, participantId, status] = line.split(' ');
        expected.set(`${sessionId} ${participantId}`, status!);
      }
      acknowledged += lines.length;
      const db = openCoreDatabase(dir, key);
      try {
        const context = `round ${round}, killed after ${killedAfterMs} ms`;
        expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        const stored = new Map(
          (db.prepare('SELECT session_id, participant_id, status FROM attendance_marks').raw().all() as [string, string, string][]).map(
            ([s, p, status]) => [`${s} ${p}`, status],
          ),
        );
        // At most one mark was in flight when the kill came: it may or may not have been committed,
        // so one cell may differ from the acknowledged state; never more, and never a lost cell.
        const differing = [...expected].filter(([cell, status]) => stored.get(cell) !== status);
        expect(differing.filter(([cell]) => !stored.has(cell)), `${context}: acknowledged marks lost`).toEqual([]);
        expect(differing.length, `${context}: cells differing from the acknowledged state`).toBeLessThanOrEqual(1);
        for (const [cell] of differing) expected.set(cell, stored.get(cell)!);
        const unaudited = db
          .prepare(
            `SELECT m.id FROM attendance_marks m WHERE NOT EXISTS (
               SELECT 1 FROM audit_log a WHERE a.action = 'mark' AND a.entity_id = m.participant_id
                 AND a.detail LIKE 'session ' || m.session_id || ':%')`,
          )
          .all();
        expect(unaudited, `${context}: marks without their audit entry`).toEqual([]);
      } finally {
        db.close();
      }
    });

    expect(perRound.filter((n) => n > 0).length).toBeGreaterThan(ROUNDS / 2);
    console.info(`attendance crash test: ${ROUNDS} kills, ${acknowledged} acknowledged marks`);
  });
});
