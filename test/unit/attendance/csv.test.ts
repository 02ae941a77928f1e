import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvNumber } from '../../../main/core/csv';
import { dispatchOk } from '../support/core';
import { attendanceFixture } from './helpers';

/**
 * The attendance CSV as Excel reads it: status and hours in separate columns,
 * hours and rates as numbers with a decimal comma (no grouping) that sum, and
 * times written as the app writes them (17.30), never 17:30.
 */

/** Excel's reading of a number cell in a Norwegian locale: digits, one decimal comma, nothing else. */
const excelNumber = (cell: string): number => {
  expect(cell).toMatch(/^-?\d+(,\d+)?$/);
  return Number(cell.replace(',', '.'));
};

async function exported() {
  const fixture = await attendanceFixture(3);
  const { core, courseId, sessionIds, participantIds } = fixture;
  const [a, b, c] = participantIds as [string, string, string];
  // An evening session: 17.30–20.15 is 2.75 hours.
  const evening = await dispatchOk(core, 'sessions:add', { courseId, date: '2025-04-16', startTime: '17.30', endTime: '20.15' });
  await dispatchOk(core, 'attendance:markAllPresent', { sessionId: sessionIds[0]! });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: b, status: 'late', hours: 1.25 });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: c, status: 'absent' });
  await dispatchOk(core, 'attendance:markAllPresent', { sessionId: evening.id });
  await dispatchOk(core, 'attendance:mark', { sessionId: evening.id, participantId: c, status: 'excused' });
  await dispatchOk(core, 'attendance:signOff', { sessionId: evening.id });
  const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'csv' });
  const text = Buffer.from(file.base64, 'base64').toString('utf8');
  // Rows are in name order: each person's row, by their id.
  const overview = await dispatchOk(core, 'attendance:overview', { courseId });
  const lastName = new Map(overview.rows.map((r) => [r.participantId, r.lastName]));
  const records: string[][] = parse(Buffer.from(file.base64, 'base64'), { bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: true });
  const rowOf = (id: string) => records.find((r) => r[0] === lastName.get(id))!;
  return { records, text, people: [rowOf(a), rowOf(b), rowOf(c)] };
}

describe('attendance CSV for Excel', () => {
  it('writes csvNumber cells Excel reads as numbers: decimal comma, no grouping, at most two decimals', () => {
    expect([0, 2.75, 2.5, 1234.5, 12345.678, 0.1 + 0.2].map(csvNumber)).toEqual(['0', '2,75', '2,5', '1234,5', '12345,68', '0,3']);
  });

  it('has a status column and an hours column per session, with the times as 17.30', async () => {
    const { records, text } = await exported();
    expect(text).not.toMatch(/\d{2}:\d{2}/);
    const header = records[3]!;
    expect(header.slice(0, 3)).toEqual(['Etternavn', 'Fornavn', 'Fødselsår']);
    expect(header.slice(-2)).toEqual(['Timer totalt', 'Oppmøte (%)']);
    const sessionColumns = header.slice(3, -2);
    // 9 planned sessions plus the evening one, two columns each.
    expect(sessionColumns).toHaveLength(20);
    for (let i = 0; i < sessionColumns.length; i += 2) {
      expect(sessionColumns[i]).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}\.\d{2}–\d{2}\.\d{2} \(.+ t\).* status$/);
      expect(sessionColumns[i + 1]).toBe(sessionColumns[i]!.replace(/ status$/, ' timer'));
    }
    expect(sessionColumns).toContain('16.04.2025 17.30–20.15 (2,75 t) timer');
    expect(sessionColumns).toContain('01.04.2025 09.00–11.30 (2,5 t) ikke signert status');
  });

  it('puts the status word alone in its cell and the hours as a number beside it', async () => {
    const { records, people } = await exported();
    const header = records[3]!;
    const first = header.indexOf('01.04.2025 09.00–11.30 (2,5 t) ikke signert status');
    const evening = header.indexOf('16.04.2025 17.30–20.15 (2,75 t) status');
    expect(records.slice(4, -1)).toHaveLength(3);
    const cells = people.map((row) => [row[first], row[first + 1], row[evening], row[evening + 1]]);
    expect(cells).toEqual([
      ['Møtt', '2,5', 'Møtt', '2,75'],
      ['Forsinket', '1,25', 'Møtt', '2,75'],
      ['Ikke møtt', '0', 'Gyldig fravær', '0'],
    ]);
    // A session with no marks leaves both cells empty, never "0".
    const unmarked = header.indexOf('03.04.2025 09.00–11.30 (2,5 t) ikke signert status');
    expect(people.map((row) => [row[unmarked], row[unmarked + 1]])).toEqual([['', ''], ['', ''], ['', '']]);
  });

  it('hours sum: each person\'s total is the sum of their hours cells, and the Sum row is the sum of each column', async () => {
    const { records, people } = await exported();
    const header = records[3]!;
    const hourColumns = header.flatMap((name, i) => (name.endsWith(' timer') ? [i] : []));
    const totalColumn = header.indexOf('Timer totalt');
    const rateColumn = header.indexOf('Oppmøte (%)');
    const sum = records.at(-1)!;
    expect(sum[0]).toBe('Sum');
    const numberOrZero = (cell: string | undefined) => (cell ? excelNumber(cell) : 0);
    for (const row of people) {
      const hours = hourColumns.reduce((total, i) => total + numberOrZero(row[i]), 0);
      expect(excelNumber(row[totalColumn]!)).toBeCloseTo(hours, 9);
      excelNumber(row[rateColumn]!);
    }
    for (const i of hourColumns) {
      expect(numberOrZero(sum[i])).toBeCloseTo(records.slice(4, -1).reduce((total, row) => total + numberOrZero(row[i]), 0), 9);
    }
    // 2.5 + 2.75, 1.25 + 2.75, 0 + 0.
    expect(people.map((row) => excelNumber(row[totalColumn]!))).toEqual([5.25, 4, 0]);
    expect(excelNumber(sum[totalColumn]!)).toBe(9.25);
    // Held so far: the 6 sessions up to 20 April (2.5 h each) and the evening one: 17.75 hours; 5.25 / 17.75 = 30 %.
    expect(people.map((row) => excelNumber(row[rateColumn]!))).toEqual([30, 23, 0]);
  });
});
