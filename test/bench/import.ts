/**
 * Import of an employer's participant list (issue 12), through the channel
 * dispatcher on the real encrypted database: a 1,000-row .xlsx is read,
 * checked and previewed (import:preview), then read again and applied in one
 * transaction (import:apply), each round into a new course so every row is a
 * new person. The baseline, measured in the same run on the same bytes, is
 * exceljs alone loading the file: the least any xlsx import costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { Core } from '../../main/core/index';
import { call, median, round } from './measure';

const ROWS = 1000;
const ROUNDS = 3;
const SCRYPT = { N: 1024, r: 8, p: 1 };
const NOW = () => new Date('2025-03-20T12:00:00Z');
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
  try {
    await call(core, 'vault:create', { passphrase: 'benchmark passordfrase', staffName: 'Bench Koordinator', role: 'coordinator' });
    const imports: number[] = [];
    const parses: number[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const bytes = await employerList(round);
      const file = { name: 'bedrift.xlsx', base64: bytes.toString('base64') };
      const course = await call(core, 'courses:create', {
        name: `Kurs ${round}`, type: 'kompetansepluss', place: 'Ålesund', startDate: '2025-04-01', endDate: '2025-06-30', plannedHours: 40, teacher: 'Lærer', status: 'planned',
      });
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
      if (round === 0) continue; // warm-up: module loading and statement preparation
      parses.push(parse);
      imports.push(whole);
    }
    const importMs = median(imports);
    const parseMs = median(parses);
    log(`import: ${ROWS}-row xlsx parse+validate+preview+apply ${round(importMs, 1)} ms; exceljs load alone ${round(parseMs, 1)} ms`);
    return {
      import_xlsx_1000_rows_ms: round(importMs, 1),
      import_xlsx_parse_only_ms: round(parseMs, 1),
      import_vs_parse_ratio: round(importMs / parseMs),
    };
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
