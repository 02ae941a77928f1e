import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_PASSPHRASE } from './core';

/**
 * Runs crash-writer.ts as a child process and SIGKILLs it at a random moment,
 * for the crash tests of registrations and of attendance marks.
 */

const WRITER = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export type CrashWorkload = 'register' | 'mark' | 'retention';

export interface CrashRound {
  /** Lines the writer printed after its work was acknowledged (the "ready" line excluded, a cut-off last line dropped). */
  lines: string[];
  killedAfterMs: number;
}

export interface CrashWriter {
  /** Sends the passphrase, lets the writer work for a random time (50–400 ms unless told), SIGKILLs it, and returns its lines. */
  run(): Promise<CrashRound>;
  kill(): void;
}

/**
 * Spawns a writer. It loads its modules straight away but touches the
 * database only once run() hands it the passphrase, so the next round's
 * start-up can overlap the current round.
 */
export function spawnCrashWriter(
  workload: CrashWorkload,
  dir: string,
  courseId: string,
  round: number,
  /** The random moment of the kill, in ms after the writer says it is ready. */
  killWindowMs: readonly [number, number] = [50, 400],
): CrashWriter {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
    cwd: ROOT,
    env: { ...process.env, NEO_CRASH_WORKLOAD: workload, NEO_CRASH_DIR: dir, NEO_CRASH_COURSE: courseId, NEO_CRASH_ROUND: String(round) },
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
          killedAfterMs = killWindowMs[0] + Math.floor(Math.random() * (killWindowMs[1] - killWindowMs[0] + 1));
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
      return { lines: stdout.split('\n').slice(1, -1), killedAfterMs };
    },
  };
}

/**
 * Runs `rounds` writers one after another on the same data folder, starting the
 * next one's module loading while the current one works, and calls `check`
 * after each kill (while no writer touches the database).
 */
export async function runCrashRounds(
  workload: CrashWorkload,
  dir: string,
  courseId: string,
  rounds: number,
  check: (round: CrashRound, index: number) => void,
  killWindowMs?: readonly [number, number],
): Promise<number[]> {
  const perRound: number[] = [];
  let next: CrashWriter | null = spawnCrashWriter(workload, dir, courseId, 0, killWindowMs);
  for (let index = 0; index < rounds; index++) {
    const writer: CrashWriter = next ?? spawnCrashWriter(workload, dir, courseId, index, killWindowMs);
    next = index + 1 < rounds ? spawnCrashWriter(workload, dir, courseId, index + 1, killWindowMs) : null;
    try {
      const round = await writer.run();
      perRound.push(round.lines.length);
      check(round, index);
    } catch (error) {
      next?.kill();
      throw error;
    }
  }
  return perRound;
}
