import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { ExportedFile } from '../../../main/contract/types';
import type { AccessReport } from '../../../main/core/services/access-report';
import { dispatchError, dispatchOk, sampleCourse } from '../support/core';
import { insertRequest, pdfFonts, pdfText, rows, saveFile } from '../reports/helpers';
import { FUNDER, PEOPLE, finishCourse, funderFixture } from './helpers';
import type { FunderFixture } from './helpers';

/**
 * The funder's reports (issue 12 items 3 and 4): the Kompetansepluss start
 * report (from the start date, Kompetansepluss only, recorded as a disclosure
 * to Kompetanse Norge), the completion report (the attendance service's
 * figures), and the grant and hours report for any course, with numeric cells.
 * CSVs are parsed back; PDFs are read with poppler's pdftotext.
 */

const csvRows = (file: ExportedFile): string[][] => {
  const text = Buffer.from(file.base64, 'base64').toString('utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const table: string[][] = parse(text.slice(1), { delimiter: ';', relax_column_count: true });
  return table;
};
const pdfOf = (file: ExportedFile, name: string) => {
  expect(file.mimeType).toBe('application/pdf');
  const path = saveFile(file.base64, name);
  expect(pdfFonts(path).filter((font) => !font.embedded)).toEqual([]);
  return pdfText(path).replace(/\s+/g, ' ');
};
/** A numeric cell: digits, at most one decimal comma, nothing else; returned as the number it is. */
const numberIn = (cell: string | undefined): number => {
  expect(cell).toMatch(/^-?\d+(,\d+)?$/);
  return Number(cell!.replace(',', '.'));
};
const disclosures = (f: FunderFixture) =>
  rows<{ id: string; kind: string; recipient: string; course_id: string; at: string; actor_id: string }>(
    f.core,
    'SELECT id, kind, recipient, course_id, at, actor_id FROM disclosures ORDER BY at, rowid',
  );
const peopleIn = (f: FunderFixture, disclosureId: string) =>
  rows<{ participant_id: string }>(f.core, 'SELECT participant_id FROM disclosure_participants WHERE disclosure_id = ? ORDER BY participant_id', disclosureId).map(
    (r) => r.participant_id,
  );

describe('Kompetansepluss start report: when it may be made', () => {
  it('is refused before the start date (Norwegian time), with a clear error and nothing recorded, and allowed from its first minute', async () => {
    const f = await funderFixture();
    for (const format of ['csv', 'pdf'] as const) {
      const error = await dispatchError(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format });
      expect(error).toMatchObject({ code: 'REPORT_BEFORE_START', message: 'Oppstartsrapporten kan lages fra kursets startdato, ikke før. Ingen fil ble laget.' });
    }
    expect(await dispatchOk(f.core, 'reports:availability', { courseId: f.courseId })).toEqual({
      today: '2025-03-10',
      start: { available: false, from: '2025-04-01' },
      completion: { available: false, from: '2025-04-30' },
    });
    // 23.59 on 31 March in Oslo (summer time, UTC+2): still the day before.
    f.clock.set('2025-03-31T21:59:00.000Z');
    expect((await dispatchError(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'csv' })).code).toBe('REPORT_BEFORE_START');
    expect(disclosures(f)).toEqual([]);
    f.clock.set('2025-03-31T22:00:00.000Z');
    expect((await dispatchOk(f.core, 'reports:availability', { courseId: f.courseId })).start).toEqual({ available: true, from: '2025-04-01' });
    await dispatchOk(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'csv' });
    expect(disclosures(f)).toHaveLength(1);
    expect(f.unexpected).toEqual([]);
  });

  it('is refused for every other course type, also after its start; the completion report too, and before the end date', async () => {
    const f = await funderFixture();
    f.clock.set('2025-05-10T10:00:00.000Z');
    for (const type of ['fagbrev', 'studieforbund', 'bedriftsbetalt', 'other'] as const) {
      const course = await dispatchOk(f.core, 'courses:create', sampleCourse(type, { startDate: '2025-04-01', endDate: '2025-04-30', funderName: 'Noen', funderReference: 'R-1' }));
      for (const channel of ['reports:kompetanseplussStart', 'reports:kompetanseplussCompletion'] as const) {
        expect(await dispatchError(f.core, channel, { courseId: course.id, format: 'pdf' })).toMatchObject({
          code: 'REPORT_ONLY_KOMPETANSEPLUSS',
          message: 'Rapporten til Kompetanse Norge gjelder bare Kompetansepluss-kurs. Ingen fil ble laget.',
        });
      }
      expect(await dispatchOk(f.core, 'reports:availability', { courseId: course.id })).toMatchObject({
        start: { available: false, from: null },
        completion: { available: false, from: null },
      });
    }
    f.clock.set('2025-04-29T12:00:00.000Z');
    expect((await dispatchError(f.core, 'reports:kompetanseplussCompletion', { courseId: f.courseId, format: 'csv' })).code).toBe('REPORT_BEFORE_END');
    expect(disclosures(f)).toEqual([]);
    // Bad input is refused by the contract, a teacher by the role table.
    expect((await dispatchError(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'xlsx' })).code).toBe('VALIDATION');
    expect((await dispatchError(f.core, 'reports:grant', { courseId: 'nope', format: 'csv' })).code).toBe('VALIDATION');
    expect((await dispatchError(f.core, 'reports:grant', { courseId: '7b0d5c1e-0000-4000-8000-000000000001', format: 'csv' })).code).toBe('NOT_FOUND');
  });
});

describe('Kompetansepluss start report: content and disclosure', () => {
  it('lists what the funder needs, as CSV and PDF, leaving out restricted processing and who withdrew before the start', async () => {
    const f = await funderFixture();
    insertRequest(f.core, f.ids.rita, 'restriction');
    f.clock.set('2025-04-02T08:00:00.000Z');
    // Ola never came: withdrawn from the first day.
    await dispatchOk(f.core, 'participants:withdraw', { courseId: f.courseId, participantId: f.ids.ola, date: '2025-04-01', reason: 'work' });
    const csv = await dispatchOk(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'Kompetansepluss oppstart – Norsk på arbeidsplassen – 2025-04-02.csv', mimeType: 'text/csv; charset=utf-8' });
    const table = csvRows(csv);
    expect(table[0]).toEqual(['Etternavn', 'Fornavn', 'Fødselsdato', 'Kjønn', 'E-post', 'Mobil', 'Arbeidsgiver', 'Kurs', 'Referanse']);
    const expected = (['mei', 'per', 'ase'] as const).map((key) => {
      const p = PEOPLE[key];
      const gender = { female: 'Kvinne', male: 'Mann', unspecified: 'Ikke oppgitt' }[p.gender];
      const birth = `${p.birthDate.slice(8, 10)}.${p.birthDate.slice(5, 7)}.${p.birthDate.slice(0, 4)}`;
      return [p.lastName, p.firstName, birth, gender, p.email, p.mobile, p.employer, 'Norsk på arbeidsplassen', FUNDER.reference];
    });
    expect(table.slice(1)).toEqual(expected);

    const text = pdfOf(await dispatchOk(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'pdf' }), 'start.pdf');
    for (const s of [
      'Kompetansepluss – deltakere ved oppstart',
      'Norsk på arbeidsplassen',
      FUNDER.name,
      FUNDER.reference,
      'Ødegård, Åse',
      '02.04.2005',
      'Chen, Mei Ling',
      'Ikke oppgitt',
      'aase@bøler.no',
      '912 34 567',
      'Bøler Bygg AS',
      'Hansens Transport AS',
      '1 deltaker med begrenset behandling eller innsigelse er ikke tatt med.',
      'Side 1 av 1',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Restrikt');
    expect(text).not.toContain('Nordmann');
  });

  it('records each report as a disclosure to Kompetanse Norge by the acting account, and the access report says so', async () => {
    const f = await funderFixture();
    insertRequest(f.core, f.ids.rita, 'restriction');
    f.clock.set('2025-04-02T08:00:00.000Z');
    await dispatchOk(f.core, 'reports:kompetanseplussStart', { courseId: f.courseId, format: 'pdf' });
    const [staffId] = rows<{ value: string }>(f.core, `SELECT value FROM settings WHERE key = 'staff.id'`);
    const recorded = disclosures(f);
    expect(recorded.map(({ id: _id, ...d }) => d)).toEqual([
      { kind: 'fundingReport', recipient: 'kompetanseNorge', course_id: f.courseId, at: '2025-04-02T08:00:00.000Z', actor_id: staffId!.value },
    ]);
    expect(peopleIn(f, recorded[0]!.id)).toEqual([f.ids.ase, f.ids.mei, f.ids.ola, f.ids.per].sort());
    const audit = rows<{ detail: string; actor_role: string }>(f.core, `SELECT detail, actor_role FROM audit_log WHERE action = 'disclose'`);
    expect(audit).toEqual([{ detail: 'fundingReport to kompetanseNorge; 4 participants', actor_role: 'coordinator' }]);

    const access = async (participantId: string) => {
      const file = await dispatchOk(f.core, 'privacy:accessReport', { participantId, format: 'json' });
      return JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8')) as AccessReport;
    };
    expect((await access(f.ids.ase)).disclosures).toContainEqual({
      kind: 'fundingReport',
      recipient: 'kompetanseNorge',
      at: '2025-04-02T08:00:00.000Z',
      course: { id: f.courseId, name: 'Norsk på arbeidsplassen' },
    });
    expect((await access(f.ids.rita)).disclosures.filter((d) => d.kind === 'fundingReport')).toEqual([]);
    const pdf = pdfOf(await dispatchOk(f.core, 'privacy:accessReport', { participantId: f.ids.ase, format: 'pdf' }), 'innsyn.pdf');
    expect(pdf).toContain('Kompetanse Norge');
    expect(f.unexpected).toEqual([]);
  });
});

describe('Kompetansepluss completion report', () => {
  it('gives per participant the attendance service’s hours and rate, and completed yes or no', async () => {
    const f = await funderFixture();
    await finishCourse(f);
    const overview = await dispatchOk(f.core, 'attendance:overview', { courseId: f.courseId });
    const figures = new Map(overview.rows.map((r) => [r.participantId, r]));
    expect(overview.heldHours).toBe(22.5);

    const table = csvRows(await dispatchOk(f.core, 'reports:kompetanseplussCompletion', { courseId: f.courseId, format: 'csv' }));
    expect(table[0]).toEqual(['Etternavn', 'Fornavn', 'Fødselsdato', 'Arbeidsgiver', 'Timer møtt', 'Timer gjennomført på kurset', 'Oppmøte (%)', 'Fullført', 'Sluttet', 'Kurs', 'Referanse']);
    const byName = new Map(table.slice(1).map((r) => [r[1], r]));
    const expectations = { ase: [21.5, 'Ja', ''], per: [15, 'Nei', ''], mei: [22.5, 'Ja', ''], ola: [10, 'Nei', '15.04.2025'], rita: [22.5, 'Ja', ''] } as const;
    for (const [key, [hours, completed, withdrawn]] of Object.entries(expectations) as [keyof typeof expectations, (typeof expectations)[keyof typeof expectations]][]) {
      const row = byName.get(PEOPLE[key].firstName)!;
      const f2 = figures.get(f.ids[key])!;
      expect(numberIn(row[4])).toBe(hours);
      expect(numberIn(row[4])).toBe(f2.hoursAttended);
      expect(numberIn(row[5])).toBe(22.5);
      expect(numberIn(row[6])).toBeCloseTo(f2.rate! * 100, 1);
      expect([row[7], row[8]]).toEqual([completed, withdrawn]);
    }
    // Sums in a spreadsheet work: the hours column adds up to the overview's total.
    const total = table.slice(1).reduce((sum, r) => sum + numberIn(r[4]), 0);
    expect(total).toBeCloseTo(overview.rows.reduce((sum, r) => sum + r.hoursAttended, 0), 6);

    const text = pdfOf(await dispatchOk(f.core, 'reports:kompetanseplussCompletion', { courseId: f.courseId, format: 'pdf' }), 'slutt.pdf');
    for (const s of ['Kompetansepluss – sluttrapport', FUNDER.reference, 'Hansen, Per', '15 t', '66,7 %', '21,5 t', '95,6 %', 'Nei (sluttet 15.04.2025)', 'Deltakere (5, 3 fullført)']) {
      expect(text).toContain(s);
    }
    expect(disclosures(f).map((d) => d.kind)).toEqual(['fundingReport', 'fundingReport']);
    expect(f.unexpected).toEqual([]);
  });
});

describe('grant and hours report', () => {
  it('counts by gender and age band at the start, hours held and attended, and completion, with numeric cells', async () => {
    const f = await funderFixture();
    await finishCourse(f);
    const file = await dispatchOk(f.core, 'reports:grant', { courseId: f.courseId, format: 'csv' });
    expect(file.fileName).toBe('Tilskudd og timer – Norsk på arbeidsplassen – 2025-04-30.csv');
    const table = csvRows(file);
    const row = (label: string) => table.find((r) => r[0] === label)!;
    expect(row('Aldersgruppe (alder ved kursstart)')).toEqual(['Aldersgruppe (alder ved kursstart)', 'Kvinne', 'Mann', 'Annet', 'Ikke oppgitt', 'Totalt']);
    const counts = (label: string) => row(label).slice(1).map(numberIn);
    // Åse turns 20 the day after the start, Per on it; Mei turns 60 on it, Ola the day after.
    expect(counts('Under 20')).toEqual([1, 0, 0, 0, 1]);
    expect(counts('20–29')).toEqual([0, 1, 0, 0, 1]);
    expect(counts('30–39')).toEqual([1, 0, 0, 0, 1]);
    expect(counts('40–49')).toEqual([0, 0, 0, 0, 0]);
    expect(counts('50–59')).toEqual([0, 1, 0, 0, 1]);
    expect(counts('60 og eldre')).toEqual([0, 0, 0, 1, 1]);
    expect(counts('Totalt')).toEqual([2, 2, 0, 1, 5]);
    expect(numberIn(row('Planlagte timer')[1])).toBe(22.5);
    expect(numberIn(row('Økter gjennomført')[1])).toBe(9);
    expect(numberIn(row('Timer gjennomført')[1])).toBe(22.5);
    expect(numberIn(row('Timer møtt (alle deltakere)')[1])).toBe(21.5 + 15 + 22.5 + 10 + 22.5);
    expect(numberIn(row('Gjennomsnittlig oppmøte (%)')[1])).toBeCloseTo((91.5 / (22.5 * 5)) * 100, 1);
    expect(numberIn(row('Fullført (minst 75 % oppmøte)')[1])).toBe(3);
    expect(numberIn(row('Ikke fullført')[1])).toBe(1);
    expect(numberIn(row('Sluttet')[1])).toBe(1);
    expect(row('Referanse')).toEqual(['Referanse', FUNDER.reference]);
    // Counts name nobody: not a disclosure.
    expect(disclosures(f)).toEqual([]);

    const text = pdfOf(await dispatchOk(f.core, 'reports:grant', { courseId: f.courseId, format: 'pdf' }), 'tilskudd.pdf');
    for (const s of ['Tilskudd og timer', 'Deltakere etter kjønn og alder (5)', 'Under 20', '60 og eldre', 'Timer møtt, alle deltakere 91,5 t', 'Fullført (minst 75 % oppmøte) 3', FUNDER.name]) {
      expect(text).toContain(s);
    }
    for (const p of Object.values(PEOPLE)) expect(text).not.toContain(p.lastName);
  });

  it('works for any course type, also one with nobody and no sessions', async () => {
    const f = await funderFixture();
    const course = await dispatchOk(f.core, 'courses:create', sampleCourse('studieforbund', { funderName: 'Studieforbundet Viken', funderReference: 'SV-17' }));
    const table = csvRows(await dispatchOk(f.core, 'reports:grant', { courseId: course.id, format: 'csv' }));
    expect(table.find((r) => r[0] === 'Totalt')!.slice(1)).toEqual(['0', '0', '0', '0', '0']);
    expect(table.find((r) => r[0] === 'Gjennomsnittlig oppmøte (%)')).toEqual(['Gjennomsnittlig oppmøte (%)', '']);
    const text = pdfOf(await dispatchOk(f.core, 'reports:grant', { courseId: course.id, format: 'pdf' }), 'tom.pdf');
    expect(text).toContain('Studieforbundet Viken');
    expect(text).toContain('Studieforbundkurs');
  });
});
