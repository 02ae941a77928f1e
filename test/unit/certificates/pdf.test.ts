import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchOk, sampleParticipant } from '../support/core';
import { COURSE_NAME, ENGLISH_COURSE_NAME, PROVIDER, TINY_PNG_BASE64, certificateFixture, pageCount, pdfFile, run, waitForBatch } from './helpers';

const ARTIFACTS = path.resolve('test/artifacts/unit');

describe('certificate PDF (poppler and qpdf on real output)', () => {
  it('one PDF for the batch: the exact name with æøå, course, hours, embedded Noto Sans, one page each, valid PDF', async () => {
    const { core, courseId, ids, unexpected } = await certificateFixture();
    const { jobId } = await dispatchOk(core, 'certificates:startBatch', {
      courseId,
      items: [{ participantId: ids.Åse }, { participantId: ids.Kari }, { participantId: ids.Per, overrideReason: 'Dokumentert sykefravær' }],
      output: { mode: 'single' },
    });
    const status = await waitForBatch(core, jobId);
    expect(status).toMatchObject({ state: 'done', done: 3, total: 3, written: [] });
    expect(status.issued).toEqual(['NK-2025-000001', 'NK-2025-000002', 'NK-2025-000003']);

    const file = await dispatchOk(core, 'certificates:batchResult', { jobId });
    expect(file.fileName).toBe(`Kursbevis – ${COURSE_NAME}.pdf`);
    expect(file.mimeType).toBe('application/pdf');
    const pdf = pdfFile(file.base64);

    expect(pageCount(pdf)).toBe(3);
    expect(pageSizes(pdf)).toEqual(['A4', 'A4', 'A4']);
    const text = run('pdftotext', [pdf, '-']);
    expect(text).toContain('Åse Ødegård');
    expect(text).toContain('Kari Nordmann');
    expect(text).toContain(COURSE_NAME);
    expect(text).toContain('10 timer'); // extent, and hours attended by Åse
    expect(text).toContain('5 timer'); // Per attended half
    expect(text).toContain('03.05.1980');
    expect(text).toContain('01.04.2025–30.04.2025');
    expect(text).toContain('Org.nr. 974 760 673');
    expect(text).toContain('Ingrid Løvås');
    expect(text).toContain('Daglig leder');
    expect(text).toContain('Kursbevis nr. NK-2025-000001');
    expect(text).toMatch(/Verifiseringskode [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}/);
    // No hyphenation: place names are never split.
    expect(text).not.toMatch(/Åle-\s*sund/);

    const fonts = run('pdffonts', [pdf]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/NotoSans/);
      expect(line.split(/\s+/).at(-5)).toBe('yes'); // the "emb" column
    }

    expect(run('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors');

    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(ARTIFACTS, 'certificate')]);
    expect(statSync(path.join(ARTIFACTS, 'certificate.png')).size).toBeGreaterThan(10_000);
    expect(unexpected).toEqual([]);
  });

  it('prints in English when asked, per certificate', async () => {
    const { core, courseId, ids } = await certificateFixture();
    const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse, language: 'en' });
    const text = run('pdftotext', [pdfFile(file.base64), '-']);
    expect(text).toContain('COURSE CERTIFICATE');
    expect(text).toContain('has attended the course');
    expect(text).toContain(ENGLISH_COURSE_NAME);
    expect(text).not.toContain(COURSE_NAME);
    expect(text).toContain('10 hours');
    expect(text).toContain('Certificate no. DRAFT');
    expect(file.fileName).toBe(`Kursbevis – Ødegård Åse – ${ENGLISH_COURSE_NAME} (draft).pdf`);
  });

  it('keeps a certificate on one page with the longest course texts the forms allow', async () => {
    const { core, courseId, ids } = await certificateFixture();
    const course = await dispatchOk(core, 'courses:get', { id: courseId });
    const { id: _i, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = course;
    const long = 'Deltakerne øver på kommunikasjon, dokumentasjon og samarbeid i helse- og omsorgstjenesten. '.repeat(60).slice(0, 4000);
    await dispatchOk(core, 'courses:update', { id: courseId, course: { ...fields, description: long, learningGoals: long } });
    const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse });
    const pdf = pdfFile(file.base64);
    expect(pageSizes(pdf)).toEqual(['A4']);
    const text = run('pdftotext', [pdf, '-']);
    expect(text).toContain('Åse Ødegård');
    // The last lines of the page are still on it.
    expect(text).toContain('Kursbeviset kan kontrolleres hos kursleverandøren med verifiseringskoden.');
  });

  it('keeps every certificate on one A4 page even when every field is as long as the forms allow', async () => {
    const { core, courseId } = await certificateFixture();
    const wide = (length: number) => 'Wwwwwwwww Mmmmmmmmm '.repeat(Math.ceil(length / 20)).slice(0, length).trim();
    await dispatchOk(core, 'provider:update', { ...PROVIDER, name: wide(200), street: wide(200), city: wide(100), logo: { base64: TINY_PNG_BASE64 } });
    const course = await dispatchOk(core, 'courses:get', { id: courseId });
    const { id: _i, participantCount: _p, createdAt: _c, updatedAt: _u, retention: _r, ...fields } = course;
    await dispatchOk(core, 'courses:update', {
      id: courseId,
      course: {
        ...fields,
        name: wide(200),
        place: wide(200),
        description: wide(4000),
        learningGoals: wide(4000),
        signerName: wide(120),
        signerTitle: wide(120),
        englishName: wide(200),
        englishDescription: wide(4000),
        englishLearningGoals: wide(4000),
      },
    });
    const longest = await dispatchOk(core, 'participants:register', {
      courseId,
      participant: sampleParticipant({ firstName: wide(100), lastName: wide(100), birthDate: '1980-05-03', email: undefined }),
      enrollment: { source: 'teacher' },
    });
    for (const language of ['nb', 'en'] as const) {
      const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: longest.participantId, language });
      const pdf = pdfFile(file.base64);
      expect(pageSizes(pdf)).toEqual(['A4']);
      expect(run('pdftotext', [pdf, '-'])).toContain(language === 'nb' ? 'verifiseringskoden.' : 'verification code.');
    }
  });

  it('marks a preview as a draft across the page, so a printed preview cannot pass for a certificate', async () => {
    const { core, courseId, ids } = await certificateFixture();
    const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse });
    const draft = pdfFile(file.base64, 'draft.pdf');
    // In reading order (-raw): once in the footer's number, once as the large mark.
    expect(run('pdftotext', ['-raw', draft, '-']).match(/UTKAST/g)).toHaveLength(2);
    // The mark is a large light grey word across the middle: count its grey in the rendered page.
    const { jobId } = await dispatchOk(core, 'certificates:startBatch', { courseId, items: [{ participantId: ids.Åse }], output: { mode: 'single' } });
    expect((await waitForBatch(core, jobId)).state).toBe('done');
    const issued = pdfFile((await dispatchOk(core, 'certificates:batchResult', { jobId })).base64, 'issued.pdf');
    expect(watermarkShare(draft)).toBeGreaterThan(0.02);
    expect(watermarkShare(issued)).toBeLessThan(0.01);
  });
});

/** Each page's paper size as pdfinfo names it ("A4"), or its size in points. */
function pageSizes(file: string): string[] {
  const pages = pageCount(file);
  return [...run('pdfinfo', ['-f', '1', '-l', String(pages), file]).matchAll(/^Page\s+\d+ size:\s+(.*)$/gm)].map((m) => {
    const size = m[1]!.trim();
    return /\(A4\)$/.test(size) ? 'A4' : size;
  });
}

/** Share of a page's pixels in the watermark's light grey (#e3e3e3, with a little room for smoothing). */
function watermarkShare(file: string): number {
  const pgm = execFileSync('pdftoppm', ['-gray', '-r', '30', '-f', '1', '-l', '1', file]);
  // Binary PGM: "P5\n<width> <height>\n255\n" and one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not give a PGM image');
  const pixels = pgm.subarray(header[0].length);
  let grey = 0;
  for (const value of pixels) if (value >= 0xdb && value <= 0xea) grey += 1;
  return grey / pixels.length;
}
