/**
 * Child process for the crash tests (run with `node --import tsx`). Reads the
 * passphrase from stdin (never from the command line), unlocks the core in
 * NEO_CRASH_DIR, prints "ready", then works through core.dispatch as fast as
 * it can in course NEO_CRASH_COURSE, printing a line only after dispatch has
 * answered ok. The parent kills it with SIGKILL at a random moment.
 * NEO_CRASH_WORKLOAD:
 * - "register" (default): registers participants, printing each new id;
 * - "mark": marks attendance at random, printing "<sessionId> <participantId> <status>";
 * - "retention": runs the deletion of every course that is due (one run), printing
 *   "done <erased people>" once it has answered, then idles until killed.
 */
import { writeSync } from 'node:fs';
import type { Core } from '../../../main/core/index';
import { newCore, sampleEnrollment, sampleParticipant, TEST_STAFF } from './core';

const dir = process.env.NEO_CRASH_DIR;
const courseId = process.env.NEO_CRASH_COURSE;
const round = process.env.NEO_CRASH_ROUND ?? '0';
const workload = process.env.NEO_CRASH_WORKLOAD ?? 'register';
const STATUSES = ['present', 'absent', 'late', 'excused'] as const;
if (!dir || !courseId) throw new Error('NEO_CRASH_DIR and NEO_CRASH_COURSE must be set');

/** Writes a whole line synchronously, so an id is on its way to the parent before the next write starts. */
function printLine(line: string): void {
  const bytes = Buffer.from(`${line}\n`);
  let written = 0;
  while (written < bytes.length) {
    try {
      written += writeSync(1, bytes, written);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

async function readPassphrase(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}

async function main(): Promise<void> {
  const passphrase = await readPassphrase();
  const core = newCore({ dataDir: dir });
  const unlocked = await core.dispatch('vault:unlock', { name: TEST_STAFF.staffName, passphrase });
  if (!unlocked.ok) throw new Error(`unlock failed: ${unlocked.error.code}`);
  if (workload === 'mark') await markForever(core);
  else if (workload === 'retention') await runDeletion(core);
  else await registerForever(core);
}

async function registerForever(core: Core): Promise<never> {
  printLine('ready');
  for (let i = 0; ; i++) {
    const answer = await core.dispatch('participants:register', {
      courseId,
      participant: sampleParticipant({ firstName: 'Krasj', lastName: `Testesen ${round}-${i}` }),
      enrollment: sampleEnrollment('other'),
    });
    if (!answer.ok) throw new Error(`register failed: ${answer.error.code}`);
    printLine((answer.value as { participantId: string }).participantId);
  }
}

async function markForever(core: Core): Promise<never> {
  const plan = await core.call('sessions:list', { courseId: courseId! });
  const roll = plan.ok && plan.value.sessions[0] ? await core.call('attendance:roll', { sessionId: plan.value.sessions[0].id }) : null;
  if (!plan.ok || !roll?.ok) throw new Error('the course has no sessions or participants');
  const sessionIds = plan.value.sessions.map((s) => s.id);
  const participantIds = roll.value.rows.map((r) => r.participantId);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
  printLine('ready');
  for (;;) {
    const status = pick(STATUSES);
    // A late mark says how much of the session was attended.
    const mark = { sessionId: pick(sessionIds), participantId: pick(participantIds), status, ...(status === 'late' ? { hours: 1 } : {}) };
    const answer = await core.call('attendance:mark', mark);
    if (!answer.ok) throw new Error(`mark failed: ${answer.error.code}`);
    printLine(`${mark.sessionId} ${mark.participantId} ${mark.status}`);
  }
}

async function runDeletion(core: Core): Promise<never> {
  const due = await core.call('retention:due', {});
  if (!due.ok || due.value.length === 0) throw new Error('nothing is due');
  printLine('ready');
  const started = performance.now();
  const run = await core.call('retention:run', { courseIds: due.value.map((c) => c.courseId) });
  if (!run.ok) throw new Error(`run failed: ${run.error.code}`);
  printLine(`done ${run.value.erasedPeople} ${Math.round(performance.now() - started)}`);
  // The parent kills every writer: wait for it.
  return new Promise<never>(() => setInterval(() => {}, 60_000));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
