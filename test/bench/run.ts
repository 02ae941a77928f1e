/**
 * Benchmarks for `npm run bench`. Everything is measured on the real
 * encrypted database, through the channel dispatcher where the metric is about
 * a channel. Progress goes to stdout line by line; the LAST line is one JSON
 * object mapping metric names to numbers, plus `ratios`: each ratio that has a
 * limit, measured against its baseline in this run, with the limit and whether
 * it is within it (absolute times differ about 2x between machines of the same
 * kind, so they are information; the ratios are what is held to a limit).
 * Benchmarks measure and report; they do not fail on a figure.
 *
 * BENCH_PARTICIPANTS (default 10000) shrinks the data set for a quick trial.
 */
import './production-react';
import { mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { contract } from '../../main/contract/channels';
import type { CourseFieldsInput } from '../../main/contract/schemas';
import type { Course } from '../../main/contract/types';
import { systemClock } from '../../main/core/clock';
import type { Db } from '../../main/core/db/database';
import { openDatabase } from '../../main/core/db/database';
import { migrate } from '../../main/core/db/migrate';
import { Core } from '../../main/core/index';
import { AuditLog } from '../../main/core/services/audit';
import { CourseService } from '../../main/core/services/courses';
import { ParticipantService } from '../../main/core/services/participants';
import { DEFAULT_SCRYPT } from '../../main/core/vault';
import { benchAttendance } from './attendance';
import { benchCertificates } from './certificates';
import { benchDeletion } from './deletion';
import { benchExchange } from './exchange';
import { benchEvaluations } from './evaluations';
import { benchImport } from './import';
import type { RatioCheck } from './measure';
import { call, checkRatio, median, quantile, round, sessionOf } from './measure';
import { generatePeople } from './people';
import { useBundledCertificateWorker } from './worker-bundle';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 10_000);
const CREATE_WARMUP = 50;
const CREATE_MEASURED = 500;
const PASSPHRASE = 'benchmark passordfrase med æøå';
/** Participants per course outside the measured one: a typical class. */
const CLASS_SIZE = 25;

const started = performance.now();
const workDir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-'));
const log = (line: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

async function timed<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [performance.now() - t0, value];
}

const course = (name: string, type: CourseFieldsInput['type'] = 'other'): CourseFieldsInput => ({
  name,
  type,
  place: 'Trondheim',
  startDate: '2025-09-01',
  endDate: '2025-12-19',
  plannedHours: 40,
  teacher: 'Kari Lærer',
  status: 'running',
});

/** The first bytes of a file: a plain SQLite database starts with "SQLite format 3". */
function header(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(16);
    readSync(fd, buffer, 0, 16, 0);
    return buffer.toString('latin1');
  } finally {
    closeSync(fd);
  }
}

// ---------- 1. participant_create_p50_ms, participant_search_10k_ms, unlock_ms: through the Core ----------

async function benchCore(metrics: Record<string, number>) {
  const core = new Core({ dataDir: path.join(workDir, 'core'), scrypt: DEFAULT_SCRYPT });
  await call(core, 'vault:create', { passphrase: PASSPHRASE, staffName: 'Kari Lærer', role: 'teacher' });
  const people = generatePeople(PARTICIPANTS, { seed: 1 });
  // Course sizes as in real life: one big course for the measured registrations, the rest in classes of 25.
  const courses: Course[] = [];
  const classCount = 2 + Math.ceil((PARTICIPANTS - CREATE_WARMUP - CREATE_MEASURED) / CLASS_SIZE);
  for (let i = 0; i < classCount; i++) courses.push(await call(core, 'courses:create', course(`Norsk og digitale ferdigheter ${i + 1}`)));

  log(`participants:register: ${CREATE_WARMUP} warm-up, then ${CREATE_MEASURED} measured into one course`);
  let next = 0;
  for (; next < CREATE_WARMUP; next++) await call(core, 'participants:register', { courseId: courses[1]!.id, ...people[next]! });
  // The floor: the very row the registration stored, inserted again (under a new id) into its own table with one bare
  // INSERT and its commit, on the same encrypted database and connection, in turn with each registration. The ratio is
  // then what the app adds to storing a participant: validation, the duplicate check, enrolment, audit and the answer.
  const { db } = sessionOf(core);
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('participants') as string[]).map((name) => `"${name}"`);
  const storedRow = db.prepare(`SELECT ${columns.join(', ')} FROM participants WHERE id = ?`).raw();
  const bareInsert = db.prepare(`INSERT INTO participants (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const idColumn = columns.indexOf('"id"');
  const floorIds: string[] = [];
  const createTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < CREATE_MEASURED; i++, next++) {
    const [ms, created] = await timed(() => call(core, 'participants:register', { courseId: courses[0]!.id, ...people[next]! }));
    createTimes.push(ms);
    const row = storedRow.get(created.participantId) as unknown[];
    row[idColumn] = randomUUID();
    floorIds.push(row[idColumn] as string);
    bareTimes.push(timeSync(() => bareInsert.run(...row))[0]);
  }
  const removeFloor = db.prepare('DELETE FROM participants WHERE id = ?');
  db.transaction(() => floorIds.forEach((id) => removeFloor.run(id)))();
  metrics.participant_create_p50_ms = round(median(createTimes));
  metrics.participant_create_p95_ms = round(quantile(createTimes, 0.95));
  metrics.participant_bare_commit_p50_ms = round(median(bareTimes));
  metrics.participant_create_vs_bare_commit_ratio = round(median(createTimes) / median(bareTimes));
  log(
    `participants:register p50 ${metrics.participant_create_p50_ms} ms, p95 ${metrics.participant_create_p95_ms} ms; ` +
      `bare insert+commit p50 ${metrics.participant_bare_commit_p50_ms} ms, ratio ${metrics.participant_create_vs_bare_commit_ratio}`,
  );

  log(`filling up to ${PARTICIPANTS} participants through the dispatcher`);
  for (let filled = 0; next < people.length; next++, filled++) {
    await call(core, 'participants:register', { courseId: courses[2 + Math.floor(filled / CLASS_SIZE)]!.id, ...people[next]! });
    if ((next + 1) % 2500 === 0) log(`  ${next + 1} registered`);
  }

  // Type-ahead: every prefix a person types on the way to a name, an e-mail or a number.
  const queries = ['o', 'ol', 'ola', 'nord', 'nordm', 'øde', 'ødeg', 'bjø', 'hansen', 'kari n', 'åse', '9', '91', '912', '4123', 'eksempel.no'];
  for (const query of queries) await call(core, 'participants:search', { query }); // warm-up: pages decrypted into the cache
  const searchTimes: number[] = [];
  const listTimes: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const query of queries) {
      searchTimes.push((await timed(() => call(core, 'participants:search', { query })))[0]);
      listTimes.push((await timed(() => call(core, 'participants:listByCourse', { courseId: courses[2]!.id, query })))[0]);
    }
  }
  metrics.participant_search_10k_ms = round(median(searchTimes));
  metrics.participant_search_10k_p95_ms = round(quantile(searchTimes, 0.95));
  metrics.participant_list_search_ms = round(median(listTimes));
  log(`participants:search median ${metrics.participant_search_10k_ms} ms (p95 ${metrics.participant_search_10k_p95_ms}), listByCourse with query median ${metrics.participant_list_search_ms} ms`);

  log('vault:unlock with production scrypt parameters, 3 times');
  const unlockTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await call(core, 'vault:lock', {});
    unlockTimes.push((await timed(() => call(core, 'vault:unlock', { name: 'Kari Lærer', passphrase: PASSPHRASE })))[0]);
  }
  metrics.unlock_ms = round(median(unlockTimes), 1);
  log(`vault:unlock median ${metrics.unlock_ms} ms (${unlockTimes.map((t) => t.toFixed(0)).join(', ')})`);
  core.close();
}

// ---------- 2. encrypted_vs_plain_write_ratio and db_open_10k_ms: the services on databases opened here ----------

/** A plain (unencrypted) database with exactly the pragmas openDatabase sets. */
function openPlain(file: string): Db {
  const db = new Database(file);
  db.pragma('journal_mode=WAL');
  db.pragma('synchronous=FULL');
  db.pragma('foreign_keys=ON');
  db.pragma('temp_store=MEMORY');
  db.pragma('secure_delete=ON');
  migrate(db);
  return db;
}

function servicesOn(db: Db) {
  const ctx = { db, clock: systemClock, deviceId: randomUUID(), actorId: randomUUID(), actorRole: 'coordinator' };
  const audit = new AuditLog(ctx);
  const courses = new CourseService(ctx, audit);
  const participants = new ParticipantService(ctx, audit, courses);
  const courseIds: string[] = [];
  let registered = 0;
  /** Validation and insert exactly as the participants:register handler does them, classes of CLASS_SIZE. */
  const register = (input: ReturnType<typeof generatePeople>[number]) => {
    if (registered % CLASS_SIZE === 0) {
      courseIds.push(courses.create(contract['courses:create'].input.parse(course(`Skrivekurs ${courseIds.length + 1}`))).id);
    }
    const parsed = contract['participants:register'].input.parse({ courseId: courseIds.at(-1), ...input });
    participants.register(parsed.courseId, parsed.participant, parsed.enrollment);
    registered++;
  };
  return { register };
}

function benchWrites(metrics: Record<string, number>) {
  const key = randomBytes(32);
  const encryptedFile = path.join(workDir, 'encrypted.db');
  const plainFile = path.join(workDir, 'plain.db');
  const encrypted = openDatabase(encryptedFile, key);
  const plain = openPlain(plainFile);
  const sides = { encrypted: servicesOn(encrypted), plain: servicesOn(plain) };
  const totals = { encrypted: 0, plain: 0 };
  const cpuTotals = { encrypted: 0, plain: 0 };
  const people = generatePeople(PARTICIPANTS, { seed: 2 });

  // Warm-up on throwaway people, then the same people on both sides in alternating chunks,
  // so drift in disk or CPU speed during the run falls on both equally.
  const warmup = generatePeople(100, { seed: 3 });
  for (const person of warmup) {
    sides.encrypted.register(person);
    sides.plain.register(person);
  }
  const chunk = 100;
  log(`same ${PARTICIPANTS}-participant insert workload on an encrypted and a plain database, alternating chunks of ${chunk}`);
  for (let start = 0, round = 0; start < people.length; start += chunk, round++) {
    const slice = people.slice(start, start + chunk);
    const order = round % 2 === 0 ? (['encrypted', 'plain'] as const) : (['plain', 'encrypted'] as const);
    for (const side of order) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      for (const person of slice) sides[side].register(person);
      totals[side] += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      cpuTotals[side] += (cpu.user + cpu.system) / 1000;
    }
    if ((start + chunk) % 2000 === 0) log(`  ${start + chunk} each: encrypted ${totals.encrypted.toFixed(0)} ms, plain ${totals.plain.toFixed(0)} ms`);
  }
  metrics.encrypted_vs_plain_write_ratio = round(totals.encrypted / totals.plain);
  metrics.encrypted_write_10k_ms = round(totals.encrypted, 0);
  metrics.plain_write_10k_ms = round(totals.plain, 0);
  // Wall time includes one fsync per registration (synchronous=FULL), which the cipher does not change;
  // CPU time shows the cipher's own cost without the disk's noise.
  metrics.encrypted_vs_plain_write_cpu_ratio = round(cpuTotals.encrypted / cpuTotals.plain);
  log(
    `writes: encrypted ${totals.encrypted.toFixed(0)} ms, plain ${totals.plain.toFixed(0)} ms, ratio ${metrics.encrypted_vs_plain_write_ratio} ` +
      `(CPU ${cpuTotals.encrypted.toFixed(0)} / ${cpuTotals.plain.toFixed(0)} ms, ratio ${metrics.encrypted_vs_plain_write_cpu_ratio})`,
  );
  const count = (db: Db) => (db.prepare('SELECT count(*) AS n FROM participants').get() as { n: number }).n;
  if (count(encrypted) !== count(plain)) throw new Error('the two databases differ after the same workload');
  encrypted.close();
  plain.close();
  if (header(plainFile).startsWith('SQLite format 3') !== true) throw new Error('the plain database is not plain');
  if (header(encryptedFile).startsWith('SQLite format 3')) throw new Error('the encrypted database is not encrypted');

  log('opening the encrypted database with the raw key (with the migration check and a first query), 9 times (after one to warm the OS file cache)');
  const openTimes: number[] = [];
  for (let i = 0; i < 10; i++) {
    const [ms, n] = timeSync(() => {
      const db = openDatabase(encryptedFile, key);
      try {
        return count(db);
      } finally {
        db.close();
      }
    });
    if (n < PARTICIPANTS) throw new Error(`expected ${PARTICIPANTS} participants, found ${n}`);
    if (i > 0) openTimes.push(ms); // the first open warms the OS file cache
  }
  metrics.db_open_10k_ms = round(median(openTimes), 2);
  log(`openDatabase median ${metrics.db_open_10k_ms} ms`);
  key.fill(0);
}

function timeSync<T>(fn: () => T): [number, T] {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

/** The ratios with limits (issue 8): each measured in this run against its own baseline. */
const RATIO_LIMITS = {
  participant_create_vs_bare_commit_ratio: 3,
  attendance_matrix_vs_bare_select_ratio: 2,
  certificates_200_vs_raw_render_ratio: 1.0,
  deletion_run_vs_bare_delete_ratio: 3,
  batch_export_vs_raw_age_ratio: 1.5,
  role_check_overhead_ratio: 1.05,
  evaluation_results_vs_bare_select_ratio: 3,
  import_vs_parse_ratio: 3,
} as const;

async function main() {
  const metrics: Record<string, number> = {};
  log(`benchmarks in ${workDir} (${os.cpus().length} CPUs, Node ${process.version})`);
  let removeWorkerBundle = () => {};
  try {
    log('building the certificate worker as the packaged app runs it');
    removeWorkerBundle = await useBundledCertificateWorker();
    // Certificates first: their peak-memory figure should not include the data the other benchmarks leave behind.
    Object.assign(metrics, await benchCertificates(log));
    await benchCore(metrics);
    benchWrites(metrics);
    Object.assign(metrics, await benchAttendance(log));
    Object.assign(metrics, await benchDeletion(log));
    Object.assign(metrics, await benchExchange(log));
    Object.assign(metrics, await benchEvaluations(log));
    Object.assign(metrics, await benchImport(log));
  } finally {
    removeWorkerBundle();
    rmSync(workDir, { recursive: true, force: true });
  }
  metrics.bench_total_s = round((performance.now() - started) / 1000, 1);
  const ratios: Record<string, RatioCheck> = {};
  for (const [name, max] of Object.entries(RATIO_LIMITS)) {
    const ratio = metrics[name];
    if (ratio === undefined) throw new Error(`${name} was not measured`);
    ratios[name] = checkRatio(ratio, max);
    log(`${name} ${ratio} (at most ${max}): ${ratios[name].within ? 'within' : 'OVER'} its limit`);
  }
  log('done');
  console.log(JSON.stringify({ ...metrics, ratios, ratios_within_limits: Object.values(ratios).every((r) => r.within) }));
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(workDir, { recursive: true, force: true });
  process.exit(1);
});
