/**
 * Child process for the crash test (run with `node --import tsx`). Reads the
 * passphrase from stdin (never from the command line), unlocks the core in
 * NEO_CRASH_DIR, prints "ready", then registers participants in course
 * NEO_CRASH_COURSE through core.dispatch as fast as it can, printing each
 * participant id only after dispatch has answered ok. The parent kills it
 * with SIGKILL at a random moment.
 */
import { writeSync } from 'node:fs';
import { newCore, sampleEnrollment, sampleParticipant } from './core';

const dir = process.env.NEO_CRASH_DIR;
const courseId = process.env.NEO_CRASH_COURSE;
const round = process.env.NEO_CRASH_ROUND ?? '0';
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
  const unlocked = await core.dispatch('vault:unlock', { passphrase });
  if (!unlocked.ok) throw new Error(`unlock failed: ${unlocked.error.code}`);
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

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
