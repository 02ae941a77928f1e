import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { CourseType } from '../../../main/contract/types';
import { csvNumber } from '../../../main/core/csv';
import type { Core } from '../../../main/core/index';
import type { OpenSession } from '../../../main/core/open-session';
import { dispatchOk } from '../support/core';
import { attendanceFixture } from './helpers';
import type { AttendanceFixtureOptions } from './helpers';

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

/**
 * Courses paid by employers (issue 12): an Arbeidsgiver column right after the
 * names, each employer exactly as typed, and text Excel would run as a formula
 * kept as text. Other courses' files stay as they were, byte for byte.
 */
describe('attendance CSV: the employer', () => {
  /** Employers as people type them, for Åse Ødegård, Per Hansen and Bjørn Æsland; Kari Nordmann is registered by the teacher. */
  const EMPLOYERS = ['Bøler "Bygg"; Ålesund AS', '=HYPERLINK("http://example.com";"Klikk")', '+47 Rør & Værnes AS', null] as const;

  const parseCsv = (text: string): string[][] => parse(text, { bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: true });

  async function exportCsv(core: Core, courseId: string) {
    const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'csv' });
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const records = parseCsv(text);
    const header = records[3]!;
    return { text, records, header, people: records.slice(4, -1), sum: records.at(-1)!, byLastName: (lastName: string) => records.find((r) => r[0] === lastName)! };
  }

  /** Four people on a course with one session all attended (2.5 hours each), Per late with 1.25. */
  async function course(options: AttendanceFixtureOptions) {
    const fixture = await attendanceFixture(4, options);
    await dispatchOk(fixture.core, 'attendance:markAllPresent', { sessionId: fixture.sessionIds[0]! });
    await dispatchOk(fixture.core, 'attendance:mark', { sessionId: fixture.sessionIds[0]!, participantId: fixture.participantIds[1]!, status: 'late', hours: 1.25 });
    return fixture;
  }

  it.each(['kompetansepluss', 'bedriftsbetalt'] as const)('on a %s course: Arbeidsgiver right after the names, each employer parsed back as typed', async (type) => {
    const { core, courseId } = await course({ type, employers: EMPLOYERS });
    const { header, people, sum, byLastName, records } = await exportCsv(core, courseId);
    expect(header.slice(0, 4)).toEqual(['Etternavn', 'Fornavn', 'Arbeidsgiver', 'Fødselsår']);
    expect(header.filter((name) => name === 'Arbeidsgiver')).toHaveLength(1);
    // Formula-like employers carry Excel's text mark ('), the others are exactly what was typed.
    expect(['Ødegård', 'Hansen', 'Æsland', 'Nordmann'].map((lastName) => byLastName(lastName).slice(0, 4))).toEqual([
      ['Ødegård', 'Åse', 'Bøler "Bygg"; Ålesund AS', '1985'],
      ['Hansen', 'Per', `'=HYPERLINK("http://example.com";"Klikk")`, '1985'],
      ['Æsland', 'Bjørn', "'+47 Rør & Værnes AS", '1985'],
      ['Nordmann', 'Kari', '', '1985'],
    ]);
    // No cell anywhere in the file starts as a formula would.
    expect(records.flat().filter((cell) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/u.test(cell))).toEqual([]);
    // Every row has the header's columns, so the hours stay under their headings and the Sum row still adds up.
    expect([...people, sum].map((row) => row.length)).toEqual(new Array(people.length + 1).fill(header.length));
    expect(sum.slice(0, 4)).toEqual(['Sum', '', '', '']);
    const first = header.indexOf('01.04.2025 09.00–11.30 (2,5 t) ikke signert timer');
    const total = header.indexOf('Timer totalt');
    expect(['Ødegård', 'Hansen', 'Æsland', 'Nordmann'].map(byLastName).map((row) => [row[first - 1], row[first], row[total]])).toEqual([
      ['Møtt', '2,5', '2,5'],
      ['Forsinket', '1,25', '1,25'],
      ['Møtt', '2,5', '2,5'],
      ['Møtt', '2,5', '2,5'],
    ]);
    expect([sum[first], sum[total]]).toEqual(['8,75', '8,75']);
  });

  it('has the column on an employer-paid course even when nobody on it came through an employer', async () => {
    const { core, courseId } = await course({ type: 'bedriftsbetalt' });
    const { header, people } = await exportCsv(core, courseId);
    expect(header.slice(0, 4)).toEqual(['Etternavn', 'Fornavn', 'Arbeidsgiver', 'Fødselsår']);
    expect(people.map((row) => row[2])).toEqual(['', '', '', '']);
  });

  it('has the column on another course type when someone listed has an employer, and not when that person is left off the list', async () => {
    const { core, courseId, participantIds } = await course({ type: 'bedriftsbetalt', employers: [null, 'Hansens Transport AS'] });
    // The type changed under the registrations, as a merged batch can leave a course (the app itself refuses the change).
    (core as unknown as { session: OpenSession }).session.db.prepare("UPDATE courses SET type = 'other' WHERE id = ?").run(courseId);
    const mixed = await exportCsv(core, courseId);
    expect(mixed.header.slice(0, 4)).toEqual(['Etternavn', 'Fornavn', 'Arbeidsgiver', 'Fødselsår']);
    expect(mixed.byLastName('Hansen')[2]).toBe('Hansens Transport AS');
    // Per asks for restriction: he is left off, and so is a column only he would fill.
    await dispatchOk(core, 'requests:create', { participantId: participantIds[1]!, kind: 'restriction', channel: 'email', receivedOn: '2025-04-20' });
    const restricted = await exportCsv(core, courseId);
    expect(restricted.people.map((row) => row[0])).not.toContain('Hansen');
    expect(restricted.header.slice(0, 3)).toEqual(['Etternavn', 'Fornavn', 'Fødselsår']);
  });

  /** The file the app wrote for `course()` before employers were exported, byte for byte. */
  function fileBeforeEmployers(courseName: string): string {
    const days = ['01.04', '03.04', '08.04', '10.04', '15.04', '17.04', '22.04', '24.04', '29.04'];
    const sessionColumns = days.flatMap((day) => [`${day}.2025 09.00–11.30 (2,5 t) ikke signert status`, `${day}.2025 09.00–11.30 (2,5 t) ikke signert timer`]);
    const unmarked = new Array<string>(16).fill('');
    const lines = [
      `Kurs;${courseName}`,
      'Sted;Ålesund',
      'Periode;01.04.2025–30.04.2025',
      '',
      ['Etternavn', 'Fornavn', 'Fødselsår', ...sessionColumns, 'Timer totalt', 'Oppmøte (%)'],
      ['Hansen', 'Per', '1985', 'Forsinket', '1,25', ...unmarked, '1,25', '8'],
      ['Nordmann', 'Kari', '1985', 'Møtt', '2,5', ...unmarked, '2,5', '17'],
      ['Æsland', 'Bjørn', '1985', 'Møtt', '2,5', ...unmarked, '2,5', '17'],
      ['Ødegård', 'Åse', '1985', 'Møtt', '2,5', ...unmarked, '2,5', '17'],
      ['Sum', '', '', '', '8,75', ...days.slice(1).flatMap(() => ['', '0']), '8,75', ''],
    ];
    return `\uFEFF${lines.map((line) => (typeof line === 'string' ? line : line.join(';'))).join('\r\n')}\r\n`;
  }

  it.each([
    ['other', 'Digitale ferdigheter'],
    ['studieforbund', 'Tegnspråk for nybegynnere'],
    ['fagbrev', 'Fagbrev i helsearbeiderfaget'],
  ] as const satisfies readonly (readonly [CourseType, string])[])('leaves the file of a %s course as it was, byte for byte', async (type, courseName) => {
    const { core, courseId } = await course({ type });
    const { text, header } = await exportCsv(core, courseId);
    expect(header).not.toContain('Arbeidsgiver');
    expect(text).toBe(fileBeforeEmployers(courseName));
  });
});
