/**
 * Import of an employer's participant list (issue 12), through the channel
 * dispatcher on the real encrypted database: a 1,000-row .xlsx is read,
 * checked and previewed (import:preview), then read again and applied in one
 * transaction (import:apply), each round into a new course so every row is a
 * new person. The baseline, measured in the same run on the same bytes, is
 * exceljs alone loading the file: the least any xlsx import costs.
 *
 * Also reported, for what the ratio can reach at best: the bare SQL writes of
 * 1,000 people (the same four rows each that an import writes: the person,
 * the enrollment and their two audit entries) with the commit, and that plus
 * the parse against the parse alone, before a single row is checked.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { Core } from '../../main/core/index';
import type { Db } from '../../main/core/db/database';
import { call, median, round, sessionOf } from './measure';

const ROWS = 1000;
const ROUNDS = 3;
const SCRYPT = { N: 1024, r: 8, p: 1 };
const NOW = () => new Date('2025-03-20T12:00:00Z');
const COURSE = { type: 'kompetansepluss', place: 'Ålesund', startDate: '2025-04-01', endDate: '2025-06-30', plannedHours: 40, teacher: 'Lærer', status: 'planned' } as const;
const HEADER = ['Fornavn', 'Etternavn', 'Fødselsdato', 'E-post', 'Mobil', 'Kjønn', 'Fødselsnummer'];

/** Round r's list: other people than every earlier round's, so each import creates all of them. */
async function employerList(r: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Påmeldte');
  sheet.addRow(HEADER);
  for (let i = 0; i < ROWS; i++) {
    sheet.addRow([`Ansatt${i}`, `Runde${r}-${i}`, new Date(Date.UTC(1960 + (i % 40), i % 12, 1 + (i % 28))), `ansatt${i}.${r}@bedrift.no`, 40_000_000 + r * ROWS + i, i % 2 ? 'Mann' : 'Kvinne', '01018012345']);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function benchImport(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-import-'));
  const core = new Core({ dataDir: dir, scrypt: SCRYPT, clock: { now: NOW } });
  const floorDir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-bench-import-floor-'));
  const floor = new Core({ dataDir: floorDir, scrypt: SCRYPT, clock: { now: NOW } });
  try {
    for (const c of [core, floor]) await call(c, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench Koordinator', role: 'coordinator' });
    const imports: number[] = [];
    const parses: number[] = [];
    const bareWriteTimes: number[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const bytes = await employerList(round);
      const file = { name: 'bedrift.xlsx', base64: bytes.toString('base64') };
      const course = await call(core, 'courses:create', { ...COURSE, name: `Kurs ${round}` });
      // Each round alternates the baseline and the import, so both see the same machine state.
      let started = performance.now();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
      if (workbook.worksheets[0]!.actualRowCount !== ROWS + 1) throw new Error('the baseline read the wrong number of rows');
      const parse = performance.now() - started;

      started = performance.now();
      const preview = await call(core, 'import:preview', { courseId: course.id, file, employerName: 'Bedrift AS' });
      if (preview.counts.create !== ROWS) throw new Error(`preview: ${JSON.stringify(preview.counts)}`);
      const result = await call(core, 'import:apply', { courseId: course.id, file, employerName: 'Bedrift AS', mapping: preview.columns.map((c) => c.field) });
      if (result.created !== ROWS) throw new Error(`apply: ${JSON.stringify(result)}`);
      const whole = performance.now() - started;
      // In a database of its own that grows as the import's does, so neither slows the other.
      const bareCourse = await call(floor, 'courses:create', { ...COURSE, name: `Bare skriving ${round}` });
      const bare = bareWrites(sessionOf(floor).db, round, bareCourse.id);
      if (round === 0) continue; // warm-up: module loading and statement preparation
      parses.push(parse);
      imports.push(whole);
      bareWriteTimes.push(bare);
    }
    const importMs = median(imports);
    const parseMs = median(parses);
    const bareMs = median(bareWriteTimes);
    log(`import: ${ROWS}-row xlsx parse+validate+preview+apply ${round(importMs, 1)} ms; exceljs load alone ${round(parseMs, 1)} ms; bare SQL writes of the same rows ${round(bareMs, 1)} ms`);
    return {
      import_xlsx_1000_rows_ms: round(importMs, 1),
      import_xlsx_parse_only_ms: round(parseMs, 1),
      import_bare_writes_1000_ms: round(bareMs, 1),
      import_floor_vs_parse_ratio: round((parseMs + bareMs) / parseMs),
      import_vs_parse_ratio: round(importMs / parseMs),
    };
  } finally {
    core.close();
    floor.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(floorDir, { recursive: true, force: true });
  }
}

/**
 * The rows an import of 1,000 new people writes, as bare INSERTs in one
 * transaction with its commit: no file, no checks, no duplicate search. The
 * values are made before the clock starts. Returns the milliseconds.
 */
function bareWrites(db: Db, r: number, courseId: string): number {
  const now = new Date().toISOString();
  const device = randomUUID();
  const actor = randomUUID();
  const people = Array.from({ length: ROWS }, (_, i) => {
    const id = randomUUID();
    const first = `Bar${i}`;
    const last = `Skriving${r}-${i}`;
    return {
      person: [id, first, last, '1970-01-01', `bar${i}.${r}@bedrift.no`, `+4790${String(r * ROWS + i).padStart(6, '0')}`, 'male', `${first}|${last}|1970-01-01`.toLowerCase(), `${first} ${last} bar${i}.${r}@bedrift.no bedrift as`.toLowerCase(), `${first} ${last} bar${i}.${r}@bedrift.no bedrift as`.toLowerCase(), `${last}\u0001${first}`.toLowerCase(), now, now, device],
      audit: [[randomUUID(), now, actor, 'coordinator', 'create', 'participant', id, courseId, '["first_name","last_name","birth_date","email","mobile","gender","consent_keep"]', device], [randomUUID(), now, actor, 'coordinator', 'enroll', 'enrollment', id, courseId, '["source","employer_name"]', device]],
      enrollment: [randomUUID(), courseId, id, 'employer', 'Bedrift AS', now, now, device],
    };
  });
  const person = db.prepare(
    `INSERT INTO participants (id, first_name, last_name, birth_date, email, mobile, gender, identity_key, search_key, search_fold, sort_key, created_at, updated_at, device_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_role, action, entity, entity_id, course_id, fields, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const enrollment = db.prepare(
    `INSERT INTO participant_enrollments (id, course_id, participant_id, source, employer_name, created_at, updated_at, device_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Both start from an empty log: the import's calls have had their idle checkpoint by now, these get one here.
  db.pragma('wal_checkpoint(PASSIVE)');
  const started = performance.now();
  db.transaction(() => {
    for (const p of people) {
      person.run(...p.person);
      audit.run(...p.audit[0]!);
      enrollment.run(...p.enrollment);
      audit.run(...p.audit[1]!);
    }
  })();
  const elapsed = performance.now() - started;
  // The import's own checkpoint runs after its call; these rows get theirs here, outside the clock.
  db.pragma('wal_checkpoint(PASSIVE)');
  return elapsed;
}
