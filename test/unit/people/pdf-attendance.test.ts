import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAttendanceListPdf } from '../../../main/core/pdf/attendance-list';
import type { AttendanceListData } from '../../../main/core/services/attendance-export';

/**
 * Item 16 of issue 8 on the attendance list (its own file, so its own process:
 * the certificate renderer's font state is not shared with it): a long name
 * wraps inside the name column, and old line breaks print safely.
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
  text: string;
}

/** Every word pdftotext finds on the first page, with its horizontal extent. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    xMax: Number(m[2]),
    text: m[3]!.replace(/&amp;/g, '&'),
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
  const list = (names: [string, string][]): AttendanceListData => ({
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
    rows: names.map(([firstName, lastName], i) => ({
      participantId: String(i),
      firstName,
      lastName,
      birthYear: 1980,
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
});
