import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CertificateContent } from '../../../main/contract/types';
import { renderCertificatesPdf } from '../../../main/core/pdf/certificate';

/**
 * Item 16 of issue 8 on paper: a long word wraps inside its column with no
 * hyphen that is not in the name, and text stored before the schemas refused
 * line breaks and bidi overrides never pulls an unembedded font into a PDF.
 * Checked with poppler on the real output, as a reader's tools see it.
 */

const dir = mkdtempSync(path.join(os.tmpdir(), 'neo-people-pdf-'));
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

const certificate = (overrides: { firstName?: string; lastName?: string; description?: string | null; courseName?: string; place?: string }): CertificateContent => ({
  number: 'NK-2025-000001',
  verificationCode: '7K2M-9QX4-TD',
  language: 'nb',
  issueDate: '2025-05-01',
  provider: { name: 'Kompetansehuset Neo AS', address: { street: 'Storgata 1', postalCode: '6002', city: 'Ålesund' }, organisationNumber: '974760673', logoSha256: null },
  participant: { firstName: overrides.firstName ?? 'Kari', lastName: overrides.lastName ?? 'Nordmann', birthDate: '1980-05-03' },
  course: {
    name: overrides.courseName ?? 'Norsk på jobben',
    description: overrides.description ?? null,
    learningGoals: null,
    place: overrides.place ?? 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-04-30',
    hours: 10,
  },
  hoursAttended: 10,
  signer: { name: null, title: null },
});

/** Left and right edge of the certificate's text column: A4 less 56 pt each side (a little room for rounding). */
const PAGE = { left: 56 - 0.5, right: 595.28 - 56 + 0.5 };

describe('certificate PDF', () => {
  it.each([
    ['one word as wide as three lines', 'W'.repeat(60)],
    ['a long real-looking name', 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafewarenwohlgepflegeundsorgfaltigkeitbeschutzen'],
    ['a long name of narrow letters', 'il'.repeat(80)],
  ])('wraps %s inside the page, keeping every letter and adding no hyphen', async (_label, lastName) => {
    const file = save(await renderCertificatesPdf([certificate({ lastName, courseName: `Kurs${'Å'.repeat(50)}` })], null));
    const all = words(file);
    for (const word of all) {
      expect(word.xMin, word.text).toBeGreaterThanOrEqual(PAGE.left);
      expect(word.xMax, word.text).toBeLessThanOrEqual(PAGE.right);
    }
    const text = all.map((w) => w.text).join('');
    // Between "Dette bekrefter at" and "født": exactly the name, every letter, no hyphen added.
    expect(text.slice(text.indexOf('bekrefterat') + 'bekrefterat'.length, text.indexOf('født'))).toBe(`Kari${lastName}`);
    expect(text).toContain(`Kurs${'Å'.repeat(50)}`);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
  });

  it('keeps a hyphen that is in the name, and short names whole on one line', async () => {
    const file = save(await renderCertificatesPdf([certificate({ firstName: 'Anne-Lise', lastName: 'Ødegård-Kristoffersen' })], null));
    expect(words(file).map((w) => w.text)).toEqual(expect.arrayContaining(['Anne-Lise', 'Ødegård-Kristoffersen']));
  });

  it('prints text stored before the rules (a line break in a name, a bidi override, a description in lines) with the embedded font only', async () => {
    const file = save(
      await renderCertificatesPdf(
        [certificate({ firstName: 'Kari\nAnne', lastName: '\u202ENordmann\u0007', description: 'Uke 1: grunnlag\r\n\r\nUke 2: praksis', place: 'Ålesund\t' })],
        null,
      ),
    );
    for (const font of fonts(file)) {
      expect(font.name).toMatch(/NotoSans/);
      expect(font.embedded).toBe(true);
    }
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Kari Anne Nordmann');
    expect(text).toContain('Uke 1: grunnlag');
    expect(text).toContain('Uke 2: praksis');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text).not.toContain(String.fromCharCode(7));
  });
});
