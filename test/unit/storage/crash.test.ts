import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { createUnlockedCore, dispatchOk, sampleCourse } from '../support/core';
import { runCrashRounds } from '../support/crash';
import { databaseKey, openCoreDatabase } from '../support/storage';

const ROUNDS = 50;

/** Registrations missing a part: a participant without enrollment, or without its create/enroll audit entries. */
const halfWritten = (db: Db) =>
  db
    .prepare(
      `SELECT p.id FROM participants p
       WHERE NOT EXISTS (SELECT 1 FROM participant_enrollments e WHERE e.participant_id = p.id)
          OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'participant' AND a.action = 'create' AND a.entity_id = p.id)
          OR NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity = 'enrollment' AND a.action = 'enroll' AND a.entity_id = p.id)`,
    )
    .all();

describe('crash safety', () => {
  it(`keeps every acknowledged registration and an intact database across ${ROUNDS} SIGKILLs`, { timeout: 180_000 }, async () => {
    const { core, dir } = await createUnlockedCore();
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    core.lock();
    const key = await databaseKey(dir);

    const started = Date.now();
    let everAcknowledged = 0;
    const perRound = await runCrashRounds('register', dir, course.id, ROUNDS, ({ lines: acknowledged, killedAfterMs }, round) => {
      everAcknowledged += acknowledged.length;
      // "Restart the app": open the database as the core would, after the crash.
      const db = openCoreDatabase(dir, key);
      try {
        const context = `round ${round}, killed after ${killedAfterMs} ms`;
        expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        expect(db.pragma('foreign_key_check'), context).toEqual([]);
        const stored = new Set(db.prepare('SELECT id FROM participants').pluck().all() as string[]);
        expect(acknowledged.filter((id) => !stored.has(id)), `${context}: acknowledged but lost`).toEqual([]);
        expect(halfWritten(db), `${context}: half-written registrations`).toEqual([]);
        expect(stored.size).toBeGreaterThanOrEqual(everAcknowledged);
      } finally {
        db.close();
      }
    });

    // The test only proves something if the kills landed while writes were going on.
    expect(perRound.filter((n) => n > 0).length).toBeGreaterThan(ROUNDS / 2);
    console.info(
      `crash test: ${ROUNDS} kills in ${Date.now() - started} ms, ${everAcknowledged} acknowledged writes ` +
        `(per round min ${Math.min(...perRound)}, max ${Math.max(...perRound)})`,
    );
  });
});
