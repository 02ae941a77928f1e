import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../main/core/db/database';
import { createUnlockedCore, dispatchOk, sampleCourse, TEST_PASSPHRASE } from '../support/core';
import { databaseKey, openCoreDatabase } from '../support/storage';

const ROUNDS = 50;
const WRITER = fileURLToPath(new URL('../support/crash-writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

interface Round {
  acknowledged: string[];
  killedAfterMs: number;
}

interface Writer {
  /** Sends the passphrase, lets the writer work for a random 50–400 ms, SIGKILLs it, and returns its acknowledged ids. */
  run(): Promise<Round>;
  kill(): void;
}

/**
 * Spawns a writer. It loads its modules straight away but touches the
 * database only once run() hands it the passphrase, so the next round's
 * start-up can overlap the current round.
 */
function spawnWriter(dir: string, courseId: string, round: number): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
    cwd: ROOT,
    env: { ...process.env, NEO_CRASH_DIR: dir, NEO_CRASH_COURSE: courseId, NEO_CRASH_ROUND: String(round) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let killedAfterMs = -1;
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });

  return {
    kill: () => child.kill('SIGKILL'),
    async run() {
      const startTimeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stdout.on('data', (chunk: string) => {
        const wasReady = stdout.startsWith('ready\n');
        stdout += chunk;
        if (!wasReady && stdout.startsWith('ready\n')) {
          clearTimeout(startTimeout);
          killedAfterMs = 50 + Math.floor(Math.random() * 351);
          setTimeout(() => child.kill('SIGKILL'), killedAfterMs);
        }
      });
      child.stdin.end(`${TEST_PASSPHRASE}\n`);
      const { code, signal } = await closed;
      clearTimeout(startTimeout);
      if (signal !== 'SIGKILL' || killedAfterMs < 0) {
        throw new Error(`writer ended by itself (code ${String(code)}, signal ${String(signal)}): ${stderr}`);
      }
      // A line cut off by the kill was never acknowledged.
      return { acknowledged: stdout.split('\n').slice(1, -1), killedAfterMs };
    },
  };
}

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
    const perRound: number[] = [];
    let everAcknowledged = 0;
    let next: Writer | null = spawnWriter(dir, course.id, 0);
    for (let round = 0; round < ROUNDS; round++) {
      const writer: Writer = next ?? spawnWriter(dir, course.id, round);
      next = round + 1 < ROUNDS ? spawnWriter(dir, course.id, round + 1) : null;
      let result: Round;
      try {
        result = await writer.run();
      } catch (error) {
        next?.kill();
        throw error;
      }
      const { acknowledged, killedAfterMs } = result;
      perRound.push(acknowledged.length);
      everAcknowledged += acknowledged.length;

      // "Restart the app": open the database as the core would, after the crash.
      const db = openCoreDatabase(dir, key);
      try {
        const context = `round ${round}, killed after ${killedAfterMs} ms`;
        expect(db.pragma('integrity_check', { simple: true }), context).toBe('ok');
        expect(db.pragma('foreign_key_check'), context).toEqual([]);
        const stored = new Set((db.prepare('SELECT id FROM participants').pluck().all() as string[]));
        expect(acknowledged.filter((id) => !stored.has(id)), `${context}: acknowledged but lost`).toEqual([]);
        expect(halfWritten(db), `${context}: half-written registrations`).toEqual([]);
        expect(stored.size).toBeGreaterThanOrEqual(everAcknowledged);
      } catch (error) {
        next?.kill();
        throw error;
      } finally {
        db.close();
      }
    }

    // The test only proves something if the kills landed while writes were going on.
    expect(perRound.filter((n) => n > 0).length).toBeGreaterThan(ROUNDS / 2);
    console.info(
      `crash test: ${ROUNDS} kills in ${Date.now() - started} ms, ${everAcknowledged} acknowledged writes ` +
        `(per round min ${Math.min(...perRound)}, max ${Math.max(...perRound)})`,
    );
  });
});
