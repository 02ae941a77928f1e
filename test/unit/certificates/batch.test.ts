import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreDatabase } from '../support/storage';
import { dispatchOk, makeTempDir, sampleParticipant } from '../support/core';
import { COURSE_NAME, certificateFixture, pageCount, pdfFile, pickFolder, run, waitForBatch } from './helpers';
import type { CertificateFixture } from './helpers';

/** Adds `count` participants who attended every session; returns batch items for everyone enrolled, in list order. */
async function growCourse(fixture: CertificateFixture, count: number) {
  for (let i = 0; i < count; i++) {
    await dispatchOk(fixture.core, 'participants:register', {
      courseId: fixture.courseId,
      participant: sampleParticipant({ firstName: `Øyvind${String(i).padStart(2, '0')}`, lastName: 'Ærlig', email: undefined, mobile: `9${String(2000000 + i)}` }),
      enrollment: { source: 'teacher' },
    });
  }
  for (const sessionId of fixture.sessionIds) await dispatchOk(fixture.core, 'attendance:markAllPresent', { sessionId });
  const { rows } = await dispatchOk(fixture.core, 'certificates:eligibility', { courseId: fixture.courseId });
  return rows.map((row) => ({
    participantId: row.participantId,
    name: `${row.firstName} ${row.lastName}`,
    ...(row.eligible ? {} : { overrideReason: 'Dokumentert fravær' }),
  }));
}

const registered = (fixture: CertificateFixture) =>
  (coreDatabase(fixture.core).prepare('SELECT count(*) AS n FROM certificates').get() as { n: number }).n;

describe('batches on the shared worker pool', () => {
  it('one PDF from chunks rendered on several workers: every page, in order, one valid PDF with embedded fonts', async () => {
    const fixture = await certificateFixture();
    const people = await growCourse(fixture, 41); // 45 in all: more than one chunk
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: people.map(({ participantId, overrideReason }) => ({ participantId, overrideReason })),
      output: { mode: 'single' },
    });
    const seen: number[] = [];
    for (;;) {
      const status = await dispatchOk(fixture.core, 'certificates:batchStatus', { jobId });
      seen.push(status.done);
      if (status.state !== 'running') {
        expect(status).toMatchObject({ state: 'done', done: 45, total: 45 });
        expect(status.issued).toEqual(people.map((_, i) => `NK-2025-${String(i + 1).padStart(6, '0')}`));
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Progress adds up over the workers and never goes back.
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.some((done) => done > 0 && done < 45)).toBe(true);

    const pdf = pdfFile((await dispatchOk(fixture.core, 'certificates:batchResult', { jobId })).base64);
    expect(pageCount(pdf)).toBe(45);
    for (const page of [1, 23, 24, 45]) {
      const text = run('pdftotext', ['-f', String(page), '-l', String(page), pdf, '-']);
      expect(text).toContain(people[page - 1]!.name);
      expect(text).toContain(`Kursbevis nr. NK-2025-${String(page).padStart(6, '0')}`);
      expect(text).toContain(COURSE_NAME);
    }
    expect(run('pdftotext', [pdf, '-'])).toContain('Åse Ødegård');
    const fonts = run('pdffonts', [pdf]).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/NotoSans/);
      expect(line.split(/\s+/).at(-5)).toBe('yes'); // the "emb" column
    }
    expect(run('qpdf', ['--check', pdf])).toContain('No syntax or stream encoding errors');
    // The merged file keeps the document information the renderer wrote.
    const info = run('pdfinfo', [pdf]);
    expect(info).toMatch(/^Title:\s+Kursbevis$/m);
    expect(info).toMatch(/^Producer:\s+Neo Kurs$/m);
    expect(fixture.unexpected).toEqual([]);
  });

  it('cancelling a one-PDF batch stops it at once and registers nothing; the pool then serves the next batch', async () => {
    const fixture = await certificateFixture();
    const people = await growCourse(fixture, 41);
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: people.map(({ participantId, overrideReason }) => ({ participantId, overrideReason })),
      output: { mode: 'single' },
    });
    const cancelled = await dispatchOk(fixture.core, 'certificates:cancelBatch', { jobId });
    expect(cancelled).toMatchObject({ state: 'cancelled', issued: [], written: [] });
    expect(registered(fixture)).toBe(0);
    expect((await dispatchOk(fixture.core, 'certificates:batchStatus', { jobId })).state).toBe('cancelled');

    const next = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: [{ participantId: fixture.ids.Åse }],
      output: { mode: 'single' },
    });
    const status = await waitForBatch(fixture.core, next.jobId);
    // Numbers reserved by the cancelled batch are never reused.
    expect(status).toMatchObject({ state: 'done', issued: ['NK-2025-000046'] });
    expect(registered(fixture)).toBe(1);
    expect(fixture.unexpected).toEqual([]);
  });

  it('one file per participant on several workers: written and registered in the batch order', async () => {
    const fixture = await certificateFixture();
    const people = await growCourse(fixture, 6);
    const folder = makeTempDir('neo-kurs-certs-');
    const { jobId } = await dispatchOk(fixture.core, 'certificates:startBatch', {
      courseId: fixture.courseId,
      items: people.map(({ participantId, overrideReason }) => ({ participantId, overrideReason })),
      output: { mode: 'perParticipant', folderId: pickFolder(fixture.core, folder) },
    });
    const status = await waitForBatch(fixture.core, jobId);
    expect(status).toMatchObject({ state: 'done', done: 10, total: 10 });
    expect(status.issued).toEqual(people.map((_, i) => `NK-2025-${String(i + 1).padStart(6, '0')}`));
    expect(readdirSync(folder).sort()).toEqual([...status.written].sort());
    const db = coreDatabase(fixture.core);
    const inRegister = db.prepare('SELECT number, participant_id AS participantId FROM certificates ORDER BY rowid').all() as {
      number: string;
      participantId: string;
    }[];
    expect(inRegister).toEqual(people.map((person, i) => ({ number: status.issued[i], participantId: person.participantId })));
    status.written.forEach((name, i) => {
      const text = run('pdftotext', [path.join(folder, name), '-']);
      expect(text).toContain(people[i]!.name);
      expect(text).toContain(`Kursbevis nr. ${status.issued[i]!}`);
    });
  });
});
