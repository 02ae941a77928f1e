/**
 * Deletion run benchmark (issue 9), through the channel dispatcher on the
 * encrypted database: a finished course of 200 participants with 60 sessions,
 * every cell marked, erased by `retention:run` (figures kept, tombstones,
 * audit, one transaction, then the WAL checkpointed and truncated). The
 * baseline, measured in the same run on the same database and connection, is
 * a bare DELETE of an identical course's participants (the same cascade of
 * enrollments and marks, with secure_delete on) plus the same checkpoint:
 * what any erasure of those rows must cost.
 */
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../../main/core/index';
import { call, median, round, sessionOf } from './measure';

const PEOPLE = 200;
const WEEKS = 12; // five sessions a week: 60
const ROUNDS = 2;

/** A finished course from 6 January 2025 with every session marked; the clock stands in December, long after it is due. */
async function finishedCourse(core: Core, tag: string) {
  const endDate = new Date(Date.UTC(2025, 0, 6 + WEEKS * 7 - 3)).toISOString().slice(0, 10);
  const course = await call(core, 'courses:create', {
    name: `Slettekurs ${tag}`,
    type: 'other',
    place: 'Tromsø',
    startDate: '2025-01-06',
    endDate,
    plannedHours: WEEKS * 5 * 2.5,
    teacher: 'Lærer Bench',
    status: 'finished',
  });
  const participantIds: string[] = [];
  for (let i = 0; i < PEOPLE; i++) {
    const p = await call(core, 'participants:register', {
      courseId: course.id,
      participant: {
        firstName: `Åse${i}`,
        lastName: `Sletteby ${tag}${i}`,
        birthDate: '1980-05-03',
        mobile: `9${String(1000000 + i).padStart(7, '0')}`,
        gender: i % 2 === 0 ? 'female' : 'male',
        consent: { keepAfterCourse: false },
      },
      enrollment: { source: 'teacher' },
    });
    participantIds.push(p.participantId);
  }
  const plan = await call(core, 'sessions:generate', { courseId: course.id, weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '11:30' });
  if (plan.sessions.length !== WEEKS * 5) throw new Error(`expected ${WEEKS * 5} sessions, got ${plan.sessions.length}`);
  for (const session of plan.sessions) await call(core, 'attendance:markAllPresent', { sessionId: session.id });
  return { courseId: course.id, participantIds };
}

const bytes = (file: string) => (existsSync(file) ? statSync(file).size : 0);

export async function benchDeletion(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-deletion-'));
  const core = new Core({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1 }, clock: { now: () => new Date('2025-12-01T12:00:00Z') } });
  const metrics: Record<string, number> = {};
  const file = core.databaseFile;
  const size = () => bytes(file) + bytes(`${file}-wal`);
  try {
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench', role: 'coordinator' });
    const { db } = sessionOf(core);
    const runTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let round_ = 0; round_ < ROUNDS; round_++) {
      // Two identical courses; the run erases one, the bare DELETE the other, in turns.
      const measured = await finishedCourse(core, `r${round_}`);
      const baseline = await finishedCourse(core, `b${round_}`);
      db.pragma('wal_checkpoint(TRUNCATE)');
      const before = size();
      const marks = (db.prepare('SELECT count(*) AS n FROM attendance_marks').get() as { n: number }).n;

      let t0 = performance.now();
      const result = await call(core, 'retention:run', { courseIds: [measured.courseId] });
      runTimes.push(performance.now() - t0);
      if (result.erasedPeople !== PEOPLE) throw new Error(`the run erased ${result.erasedPeople} people`);
      const after = size();
      const marksAfter = (db.prepare('SELECT count(*) AS n FROM attendance_marks').get() as { n: number }).n;
      if (marks - marksAfter !== PEOPLE * WEEKS * 5) throw new Error(`the run erased ${marks - marksAfter} marks`);

      t0 = performance.now();
      db.transaction(() => {
        const remove = db.prepare('DELETE FROM participants WHERE id = ?');
        for (const id of baseline.participantIds) remove.run(id);
      })();
      db.pragma('wal_checkpoint(TRUNCATE)');
      bareTimes.push(performance.now() - t0);

      if (round_ === 0) {
        metrics.deletion_db_bytes_before = before;
        metrics.deletion_db_bytes_after = after;
        metrics.deletion_wal_bytes_after = bytes(`${file}-wal`);
        metrics.deletion_free_pages_after = db.pragma('freelist_count', { simple: true }) as number;
      }
      log(
        `retention:run (${PEOPLE} people × ${WEEKS * 5} sessions) ${round(runTimes.at(-1)!)} ms, bare DELETE + checkpoint ${round(bareTimes.at(-1)!)} ms; ` +
          `database ${before} → ${after} bytes`,
      );
    }
    metrics.deletion_run_200_participants_ms = round(median(runTimes));
    metrics.deletion_bare_delete_200_participants_ms = round(median(bareTimes));
    metrics.deletion_run_vs_bare_delete_ratio = round(median(runTimes) / median(bareTimes));
    log(
      `deletion run median ${metrics.deletion_run_200_participants_ms} ms, bare delete ${metrics.deletion_bare_delete_200_participants_ms} ms, ` +
        `ratio ${metrics.deletion_run_vs_bare_delete_ratio}; ${metrics.deletion_free_pages_after} free (zeroed) pages after the first run`,
    );
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return metrics;
}

// Run on its own: `npx tsx test/bench/deletion.ts` (npm run bench runs it with the rest).
if (import.meta.url === `file://${process.argv[1]}`) {
  const metrics = await benchDeletion((line) => console.log(line));
  console.log(JSON.stringify(metrics));
}
