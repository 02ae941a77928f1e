import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { dispatchOk, makeTempDir, sampleParticipant } from '../support/core';
import { attendanceFixture } from './helpers';
import type { AttendanceFixture } from './helpers';

/** Sessions held by 20 April: 1, 3, 8, 10, 15 and 17 April, 2.5 hours each = 15 hours. */
async function markedCourse(): Promise<AttendanceFixture> {
  const fixture = await attendanceFixture(4);
  const { core, sessionIds, participantIds } = fixture;
  const [full, late, rare, nearly] = participantIds as [string, string, string, string];
  for (const sessionId of sessionIds.slice(0, 6)) {
    await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
  }
  // "late": 1.5 of 2.5 hours once → 14 of 15 = 93 %.
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: late, status: 'late', hours: 1.5 });
  // "rare": absent 3 times → 7.5 of 15 = 50 %: below.
  for (const sessionId of sessionIds.slice(0, 3)) {
    await dispatchOk(core, 'attendance:mark', { sessionId, participantId: rare, status: 'absent' });
  }
  // "nearly": excused once, half an hour late once → 12 of 15 = 80 %: 5 points above the requirement, near it.
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId: nearly, status: 'excused' });
  await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[2]!, participantId: nearly, status: 'late', hours: 2 });
  void full;
  return fixture;
}

describe('attendance overview', () => {
  it('rates attended hours against the hours held so far and flags those below or near 75 %', async () => {
    const { core, courseId, participantIds } = await markedCourse();
    const overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.sessions).toHaveLength(9);
    expect(overview.heldHours).toBe(15);
    expect(overview.requiredRate).toBe(0.75);
    const byId = new Map(overview.rows.map((r) => [r.participantId, r]));
    const [full, late, rare, nearly] = participantIds.map((id) => byId.get(id)!);
    expect(full).toMatchObject({ hoursAttended: 15, rate: 1, flag: null });
    expect(late).toMatchObject({ hoursAttended: 14, flag: null });
    expect(rare).toMatchObject({ hoursAttended: 7.5, rate: 0.5, flag: 'below' });
    expect(nearly!.hoursAttended).toBe(12);
    expect(nearly!.flag).toBe('near');
    expect(rare!.statuses.slice(0, 4)).toEqual(['absent', 'absent', 'absent', 'present']);
    expect(rare!.statuses.slice(6)).toEqual([null, null, null]);
  });

  it('uses the course requirement when it is changed', async () => {
    const { core, courseId, participantIds } = await markedCourse();
    const course = await dispatchOk(core, 'courses:get', { id: courseId });
    const { id: _id, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = course;
    await dispatchOk(core, 'courses:update', {
      id: courseId,
      course: { ...fields, description: fields.description ?? undefined, learningGoals: fields.learningGoals ?? undefined, requiredAttendancePercent: 95 },
    });
    const overview = await dispatchOk(core, 'attendance:overview', { courseId });
    expect(overview.requiredRate).toBe(0.95);
    expect(overview.rows.find((r) => r.participantId === participantIds[1])!.flag).toBe('below');
  });

  it('shows one participant every session with status and hours', async () => {
    const { core, courseId, participantIds } = await markedCourse();
    const mine = await dispatchOk(core, 'attendance:participant', { courseId, participantId: participantIds[1]! });
    expect(mine.sessions).toHaveLength(9);
    expect(mine.sessions[0]).toMatchObject({ status: 'late', hoursAttended: 1.5 });
    expect(mine.hoursAttended).toBe(14);
  });
});

describe('attendance list export', () => {
  it('CSV is UTF-8 with BOM and parses back with æøå, hours and totals', async () => {
    const { core, courseId } = await markedCourse();
    const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'csv' });
    expect(file.fileName).toBe('Oppmøteliste – Digitale ferdigheter.csv');
    const bytes = Buffer.from(file.base64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(bytes, { bom: true, delimiter: ';', relax_column_count: true, skip_empty_lines: true });
    expect(records[0]).toEqual(['Kurs', 'Digitale ferdigheter']);
    expect(records[1]).toEqual(['Sted', 'Ålesund']);
    const header = records[3]!;
    expect(header.slice(0, 3)).toEqual(['Etternavn', 'Fornavn', 'Fødselsår']);
    expect(header.slice(3, 5)).toEqual(['01.04.2025 09.00–11.30 (2,5 t) ikke signert status', '01.04.2025 09.00–11.30 (2,5 t) ikke signert timer']);
    const odegard = records.find((r) => r[0] === 'Ødegård')!;
    expect(odegard.slice(0, 5)).toEqual(['Ødegård', 'Åse', '1985', 'Møtt', '2,5']);
    const total = records.at(-1)!;
    expect(total[0]).toBe('Sum');
    expect(total.at(-2)).toBe('48,5'); // 15 + 14 + 7.5 + 12
  });

  it('CSV keeps a name that looks like a formula as text (no formula injection into Excel)', async () => {
    const { core, courseId } = await attendanceFixture(0);
    await dispatchOk(core, 'participants:register', {
      courseId,
      participant: sampleParticipant({ firstName: '+SUM(1)', lastName: '=HYPERLINK("http://example.com")' }),
      enrollment: { source: 'teacher' },
    });
    const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'csv' });
    const records: string[][] = parse(Buffer.from(file.base64, 'base64'), { bom: true, delimiter: ';', relax_column_count: true });
    const row = records.find((r) => r[0]?.includes('HYPERLINK'))!;
    expect(row.slice(0, 2)).toEqual(["'=HYPERLINK(\"http://example.com\")", "'+SUM(1)"]);
  });

  it('PDF holds the names with æøå and the totals (checked with pdftotext), with the font embedded', async () => {
    const { core, courseId } = await markedCourse();
    const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'pdf' });
    const dir = makeTempDir();
    const pdf = path.join(dir, file.fileName);
    writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Oppmøteliste – Digitale ferdigheter');
    expect(text).toContain('Ødegård, Åse');
    expect(text).toContain('Æsland, Bjørn');
    expect(text).toMatch(/Sum\s.*48,5/);
    expect(text).toContain('Signatur lærer');
    // A course without employers has no employer lines.
    expect(text).not.toContain('Arbeidsgiver');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSans-Regular\s+CID TrueType\s+Identity-H\s+yes/);
    // Every font is embedded (columns: name, type, encoding, emb, …): no fallback to a system font.
    const fontRows = fonts.trim().split('\n').slice(2);
    expect(fontRows.length).toBeGreaterThan(0);
    expect(fontRows.filter((row) => !/\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.test(row))).toEqual([]);
    // Keep page 1 as a picture for people to look at.
    const artifacts = path.resolve('test/artifacts/unit');
    mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(artifacts, 'attendance-list')]);
  });

  it('PDF prints each person\'s employer right under their name on a Kompetansepluss course (checked with pdftotext)', async () => {
    const employers = ['Bøler "Bygg"; Ålesund AS', '=HYPERLINK("http://example.com")', 'Værnes Rør & Øl AS', null];
    const { core, courseId, sessionIds } = await attendanceFixture(4, { type: 'kompetansepluss', employers });
    await dispatchOk(core, 'attendance:markAllPresent', { sessionId: sessionIds[0]! });
    const file = await dispatchOk(core, 'attendance:export', { courseId, format: 'pdf' });
    const pdf = path.join(makeTempDir(), file.fileName);
    writeFileSync(pdf, Buffer.from(file.base64, 'base64'));
    const lines = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    /** The name column of the line under the one that starts with `name`: the rest of that line is other columns. */
    const under = (name: string) => lines[lines.findIndex((line) => line.startsWith(name)) + 1]!.split(/\s{2,}/)[0];
    // The heading says what the second line is.
    expect(under('Deltaker')).toBe('Arbeidsgiver');
    // Rows are in name order: Hansen, Nordmann (registered by the teacher: no employer line), Æsland, Ødegård.
    expect(under('Ødegård, Åse')).toBe('Bøler "Bygg"; Ålesund AS');
    expect(under('Hansen, Per')).toBe('=HYPERLINK("http://example.com")');
    expect(under('Æsland, Bjørn')).toBe('Værnes Rør & Øl AS');
    expect(under('Nordmann, Kari')).toMatch(/^Æsland, Bjørn/);
    const artifacts = path.resolve('test/artifacts/unit');
    mkdirSync(artifacts, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(artifacts, 'attendance-list-employers')]);
  });
});
