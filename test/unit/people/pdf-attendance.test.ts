import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAttendanceListPdf } from '../../../main/core/pdf/attendance-list';
import type { AttendanceListData } from '../../../main/core/services/attendance-export';
import { NAMES_IN_MANY_SCRIPTS } from '../certificates/scripts';

/**
 * Item 16 of issue 8 on the attendance list (its own file, so its own process:
 * the certificate renderer's font state is not shared with it): a long name
 * wraps inside the name column, and old line breaks print safely. Issue 12:
 * so does a long employer under the name.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-people-attendance-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function save(pdf: Buffer): string {
  const file = path.join(dir, `${++files}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

interface Word {
  xMin: number;
  xMax: number;
  yMin: number;
  text: string;
}

/** Every word pdftotext finds on the first page, with its horizontal extent. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: m[4]!.replace(/&amp;/g, '&'),
  }));
}

/** The fonts of a PDF as pdffonts lists them: name and whether it is embedded. */
function fonts(file: string): { name: string; embedded: boolean }[] {
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => ({ name: line.split(/\s+/)[0]!, embedded: line.split(/\s+/).at(-5) === 'yes' }));
}

describe('attendance list PDF', () => {
  const list = (names: [string, string][], employers: (string | null)[] = []): AttendanceListData => ({
    course: {
      id: 'c',
      name: 'Norsk på jobben',
      type: 'other',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 10,
      teacher: 'Tove\nLærer',
      description: null,
      learningGoals: null,
      englishName: null,
      englishDescription: null,
      englishLearningGoals: null,
      status: 'running',
      financialReportApprovedAt: null,
      funderName: null,
      funderReference: null,
      requiredAttendancePercent: 75,
      signerName: null,
      signerTitle: null,
      retention: { rule: 'afterEnd', state: 'active', dueOn: '2025-05-30', erasedAt: null },
      createdAt: '2025-03-01T00:00:00.000Z',
      updatedAt: '2025-03-01T00:00:00.000Z',
    },
    sessions: [{ id: 's', date: '2025-04-07', startTime: '09:00', endTime: '12:00', hours: 3, signedOffAt: null }],
    heldHours: 3,
    requiredRate: 0.75,
    showsEmployer: employers.length > 0,
    rows: names.map(([firstName, lastName], i) => ({
      participantId: String(i),
      firstName,
      lastName,
      birthYear: 1980,
      employerName: employers[i] ?? null,
      marks: [{ status: 'present', hours: 3 }],
      hoursAttended: 3,
      rate: 1,
    })),
    totals: { perSession: [3], hours: 3 },
  });

  it('wraps a long name inside its column, with no added hyphen, and prints old line breaks safely', async () => {
    const long = 'Wolfeschlegelsteinhausenbergerdorff';
    const file = save(await renderAttendanceListPdf(list([['Kari', long], ['Anne\nLise', 'Berg\u202E']])));
    // The name column: 28 pt page padding, 130 pt wide.
    const nameColumn = { left: 28, right: 28 + 130 };
    const parts = words(file).filter((w) => w.text.length > 1 && long.includes(w.text.replace(/,$/, '')));
    expect(parts.map((w) => w.text.replace(/,$/, '')).join('')).toBe(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const word of parts) {
      expect(word.xMin, word.text).toBeGreaterThanOrEqual(nameColumn.left);
      expect(word.xMax, word.text).toBeLessThanOrEqual(nameColumn.right);
    }
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Berg, Anne Lise');
    expect(text).toContain('Signatur lærer (Tove Lærer)');
    for (const font of fonts(file)) {
      expect(font.name).toMatch(/NotoSans/);
      expect(font.embedded).toBe(true);
    }
  });

  it('wraps a long employer under the name inside the name column, and leaves the other columns where they were', async () => {
    const longWord = 'Bygningsvedlikeholdsentreprenørselskapet';
    const longName = 'Møre og Romsdal fylkeskommune, avdeling for samferdsel, kollektivtransport og vedlikehold av fylkesveier';
    const file = save(
      await renderAttendanceListPdf(list([['Kari', 'Berg'], ['Per', 'Dahl'], ['Liv', 'Moe']], [`${longWord} AS`, longName, 'Bøler\u202E Bygg'])),
    );
    const nameColumn = { left: 28, right: 28 + 130 };
    const all = words(file);
    // The table's rows: from the first name down to the Sum row.
    const top = all.find((w) => w.text === 'Berg,')!.yMin;
    const bottom = all.find((w) => w.text === 'Sum')!.yMin;
    // Every word that starts in the name column ends in it, and together they hold both employers whole.
    const nameColumnWords = all.filter((w) => w.yMin >= top && w.yMin < bottom && w.xMin < nameColumn.right);
    for (const word of nameColumnWords) {
      expect(word.xMin, word.text).toBeGreaterThanOrEqual(nameColumn.left);
      expect(word.xMax, word.text).toBeLessThanOrEqual(nameColumn.right);
    }
    const columnText = nameColumnWords.map((w) => w.text).join('');
    expect(columnText).toContain(`${longWord}AS`);
    expect(columnText).toContain(longName.replace(/ /g, ''));
    // The long word broke between letters with no hyphen added; the long name wrapped at its spaces and kept every word.
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(`${longWord}AS`);
    expect(text).not.toMatch(/Bygnings\S*-/);
    expect(text.replace(/\s+/g, ' ')).toContain(longName);
    // A bidi override stored before the rules existed is not printed.
    expect(text).toContain('Bøler Bygg');
    // Birth years stay in their own column, right of the names.
    const years = all.filter((w) => w.text === '1980');
    expect(years).toHaveLength(3);
    for (const year of years) expect(year.xMin).toBeGreaterThanOrEqual(nameColumn.right);
  });

  it('prints every employer in lists rendered one after another by this process, in many scripts', async () => {
    // Later documents of a long-running process: the font subsets must not be left with the first document's glyphs.
    const employers = NAMES_IN_MANY_SCRIPTS.map(([, lastName]) => `${lastName} AS`);
    for (let start = 0; start < employers.length; start += 5) {
      const some = employers.slice(start, start + 5);
      const file = save(await renderAttendanceListPdf(list(some.map((_, i) => ['Kari', `Berg${start + i}`]), some)));
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).normalize('NFC');
      for (const employer of some) {
        for (const word of employer.normalize('NFC').split(' ')) expect(text, `document ${start / 5 + 1}: ${employer}`).toContain(word);
      }
    }
  });
});
