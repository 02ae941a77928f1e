import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchOk } from '../support/core';
import { COURSE_NAME, certificateFixture, pageCount, pdfFile, run, waitForBatch } from './helpers';

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
    expect(text).toContain('10 hours');
    expect(text).toContain('Certificate no. DRAFT');
    expect(file.fileName).toBe(`Kursbevis – Ødegård Åse – ${COURSE_NAME} (draft).pdf`);
  });

  it('keeps a certificate on one page with the longest course texts the forms allow', async () => {
    const { core, courseId, ids } = await certificateFixture();
    const course = await dispatchOk(core, 'courses:get', { id: courseId });
    const { id: _i, participantCount: _p, createdAt: _c, updatedAt: _u, ...fields } = course;
    const long = 'Deltakerne øver på kommunikasjon, dokumentasjon og samarbeid i helse- og omsorgstjenesten. '.repeat(60).slice(0, 4000);
    await dispatchOk(core, 'courses:update', { id: courseId, course: { ...fields, description: long, learningGoals: long } });
    const file = await dispatchOk(core, 'certificates:preview', { courseId, participantId: ids.Åse });
    const pdf = pdfFile(file.base64);
    expect(pageCount(pdf)).toBe(1);
    expect(run('pdftotext', [pdf, '-'])).toContain('Åse Ødegård');
  });
});
