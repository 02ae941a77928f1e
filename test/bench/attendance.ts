/**
 * Attendance benchmarks (issue 3), through the channel dispatcher on the
 * encrypted database. The bare-commit floor is a one-row insert and commit on
 * an unencrypted database with the same pragmas: a mark cannot be cheaper than
 * the durable commit it needs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { createDispatcher } from '../../main/core/dispatcher';
import type { Dispatch, Handlers } from '../../main/core/dispatcher';
import { Core } from '../../main/core/index';
import { call, median, round, sessionOf } from './measure';

const ATTENDANCE_STATUSES = ['present', 'late', 'absent', 'excused'] as const;

/** A course with `people` participants and weekday sessions from 6 January 2025, the clock after them all. */
async function courseWith(core: Core, tag: string, people: number, weeks: number) {
  const endDate = new Date(Date.UTC(2025, 0, 6 + weeks * 7 - 3)).toISOString().slice(0, 10);
  const course = await call(core, 'courses:create', {
    name: `Benchmarkkurs ${people}`,
    type: 'other',
    place: 'Tromsø',
    startDate: '2025-01-06',
    endDate,
    plannedHours: weeks * 5 * 2.5,
    teacher: 'Lærer Bench',
    status: 'running',
  });
  const participantIds: string[] = [];
  for (let i = 0; i < people; i++) {
    const p = await call(core, 'participants:register', {
      courseId: course.id,
      participant: {
        firstName: `Åse${i}`,
        lastName: `Ødegård ${tag}${i}`,
        birthDate: '1980-05-03',
        mobile: `9${String(1000000 + i).padStart(7, '0')}`,
        gender: 'female',
        consent: { keepAfterCourse: false },
      },
      enrollment: { source: 'teacher' },
    });
    participantIds.push(p.participantId);
  }
  const plan = await call(core, 'sessions:generate', { courseId: course.id, weekdays: [1, 2, 3, 4, 5], startTime: '09:00', endTime: '11:30' });
  return { courseId: course.id, participantIds, sessionIds: plan.sessions.map((s) => s.id) };
}

export async function benchAttendance(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-attendance-'));
  const core = new Core({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1 }, clock: { now: () => new Date('2025-12-01T12:00:00Z') } });
  const metrics: Record<string, number> = {};
  try {
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench', role: 'teacher' });

    // --- one mark, and the bare durable commit it cannot beat, measured side by side ---
    const small = await courseWith(core, 'a', 40, 6);
    const plain = new Database(path.join(dir, 'plain-floor.db'));
    plain.pragma('journal_mode=WAL');
    plain.pragma('synchronous=FULL');
    plain.pragma('foreign_keys=ON');
    plain.pragma('temp_store=MEMORY');
    plain.pragma('secure_delete=ON');
    plain.exec('CREATE TABLE marks (id TEXT PRIMARY KEY, session_id TEXT, participant_id TEXT, status TEXT, hours REAL)');
    const bare = plain.prepare('INSERT INTO marks VALUES (?, ?, ?, ?, ?)');
    const markTimes: number[] = [];
    const bareTimes: number[] = [];
    for (let i = 0; i < 650; i++) {
      const sessionId = small.sessionIds[i % small.sessionIds.length]!;
      const participantId = small.participantIds[(i * 7) % small.participantIds.length]!;
      const status = ATTENDANCE_STATUSES[i % ATTENDANCE_STATUSES.length]!;
      let t0 = performance.now();
      await call(core, 'attendance:mark', { sessionId, participantId, status, ...(status === 'late' ? { hours: 1 } : {}) });
      const mark = performance.now() - t0;
      t0 = performance.now();
      bare.run(randomUUID(), sessionId, participantId, status, 2.5);
      const floor = performance.now() - t0;
      if (i >= 50) {
        markTimes.push(mark);
        bareTimes.push(floor);
      }
    }
    plain.close();
    metrics.attendance_mark_p50_ms = round(median(markTimes));
    metrics.bare_commit_p50_ms = round(median(bareTimes));
    metrics.attendance_mark_vs_bare_commit_ratio = round(median(markTimes) / median(bareTimes));
    log(`attendance:mark p50 ${metrics.attendance_mark_p50_ms} ms, bare commit p50 ${metrics.bare_commit_p50_ms} ms, ratio ${metrics.attendance_mark_vs_bare_commit_ratio}`);

    // --- the role check (issue 11): a teacher's marks through the core's dispatcher, which checks the role
    // table and the course, against the same handlers behind a dispatcher without them, interleaved ---
    const teacher = await call(core, 'accounts:add', { name: 'Lærer Bench', role: 'teacher', passphrase: 'benchmark passordfrase for lærer' });
    await call(core, 'courses:assignTeacher', { courseId: small.courseId, accountId: teacher.id });
    await call(core, 'vault:unlock', { name: 'Lærer Bench', passphrase: 'benchmark passordfrase for lærer' });
    const withoutRoles = createDispatcher((core as unknown as { handlers(): Handlers }).handlers(), () => 'nb');
    // What the core does after every call (counting rows towards the next WAL checkpoint) is not the role check: the baseline does it too.
    const { checkpoint } = sessionOf(core);
    const unchecked: Dispatch = async (channel, input) => {
      const envelope = await withoutRoles(channel, input);
      checkpoint.afterCall();
      return envelope;
    };
    const checkedTimes: number[] = [];
    const uncheckedTimes: number[] = [];
    for (let i = 0; i < 1300; i++) {
      const sessionId = small.sessionIds[i % small.sessionIds.length]!;
      const participantId = small.participantIds[(i * 11) % small.participantIds.length]!;
      const input = { sessionId, participantId, status: i % 2 === 0 ? 'present' : 'absent' };
      const viaRoles = i % 2 === 0;
      const t0 = performance.now();
      const answer = await (viaRoles ? core.dispatch('attendance:mark', input) : unchecked('attendance:mark', input));
      const took = performance.now() - t0;
      if (!answer.ok) throw new Error(`attendance:mark failed: ${JSON.stringify(answer.error)}`);
      if (i >= 100) (viaRoles ? checkedTimes : uncheckedTimes).push(took);
    }
    metrics.attendance_mark_teacher_p50_ms = round(median(checkedTimes));
    metrics.attendance_mark_unchecked_p50_ms = round(median(uncheckedTimes));
    metrics.role_check_overhead_ratio = round(median(checkedTimes) / median(uncheckedTimes));
    log(`attendance:mark as a teacher p50 ${metrics.attendance_mark_teacher_p50_ms} ms, without the role check ${metrics.attendance_mark_unchecked_p50_ms} ms, ratio ${metrics.role_check_overhead_ratio}`);
    // Back to the coordinator who made the courses.
    await call(core, 'vault:unlock', { name: 'Bench', passphrase: 'benchmark passordfrase' });

    // --- "all present" for a 40-person session, each on a session nobody is marked in yet ---
    const fresh = await courseWith(core, 'b', 40, 4);
    const allTimes: number[] = [];
    for (const sessionId of fresh.sessionIds) {
      const t0 = performance.now();
      const roll = await call(core, 'attendance:markAllPresent', { sessionId });
      allTimes.push(performance.now() - t0);
      if (roll.rows.some((r) => r.status !== 'present')) throw new Error('markAllPresent left someone unmarked');
    }
    metrics.attendance_mark_all_40_ms = round(median(allTimes.slice(2)));
    log(`attendance:markAllPresent (40 people) median ${metrics.attendance_mark_all_40_ms} ms over ${allTimes.length - 2} sessions`);

    // --- overview matrix for 200 participants × 60 sessions, every cell marked ---
    const big = await courseWith(core, 'c', 200, 12);
    if (big.sessionIds.length !== 60) throw new Error(`expected 60 sessions, got ${big.sessionIds.length}`);
    for (const sessionId of big.sessionIds) await call(core, 'attendance:markAllPresent', { sessionId });
    // The floor: a bare SELECT of the rows the overview is made of (the course's sessions, its participants, their marks),
    // on the same database and connection, taken in turn with each overview.
    const { db } = sessionOf(core);
    const bareSessions = db.prepare('SELECT id, date, start_time, end_time, hours, signed_off_at FROM course_sessions WHERE course_id = ? AND cancelled = 0');
    const bareParticipants = db.prepare(
      `SELECT p.id, p.first_name, p.last_name, p.birth_date FROM participant_enrollments e
       JOIN participants p ON p.id = e.participant_id WHERE e.course_id = ?`,
    );
    const bareMarks = db.prepare(
      `SELECT m.participant_id, m.session_id, m.status, m.hours FROM attendance_marks m
       JOIN course_sessions s ON s.id = m.session_id WHERE s.course_id = ? AND s.cancelled = 0`,
    );
    const matrixTimes: number[] = [];
    const selectTimes: number[] = [];
    for (let i = 0; i < 25; i++) {
      let t0 = performance.now();
      const overview = await call(core, 'attendance:overview', { courseId: big.courseId });
      matrixTimes.push(performance.now() - t0);
      if (overview.rows.length !== 200 || overview.sessions.length !== 60) throw new Error('unexpected overview size');
      t0 = performance.now();
      const rows = [bareSessions.raw().all(big.courseId), bareParticipants.raw().all(big.courseId), bareMarks.raw().all(big.courseId)];
      selectTimes.push(performance.now() - t0);
      if (rows[2]!.length !== 200 * 60) throw new Error('unexpected number of marks');
    }
    metrics.attendance_matrix_200x60_ms = round(median(matrixTimes.slice(3)));
    metrics.attendance_bare_select_200x60_ms = round(median(selectTimes.slice(3)));
    metrics.attendance_matrix_vs_bare_select_ratio = round(median(matrixTimes.slice(3)) / median(selectTimes.slice(3)));
    log(
      `attendance:overview 200×60 median ${metrics.attendance_matrix_200x60_ms} ms, bare select of its rows ${metrics.attendance_bare_select_200x60_ms} ms, ` +
        `ratio ${metrics.attendance_matrix_vs_bare_select_ratio}`,
    );
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return metrics;
}

// Run on its own: `npx tsx test/bench/attendance.ts` (npm run bench runs it with the rest).
if (import.meta.url === `file://${process.argv[1]}`) {
  const metrics = await benchAttendance((line) => console.log(line));
  console.log(JSON.stringify(metrics));
}
