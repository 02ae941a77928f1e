import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COURSE_TYPES } from '../../../main/contract/schemas';
import { retentionOf } from '../../../main/core/services/retention-rules';
import { AGE_BANDS, ageBandOf, csvNumber } from '../../../main/core/services/funder-reports';
import { createUnlockedCore, sampleCourse, sampleParticipant } from '../support/core';

/**
 * Course types for study associations and employer-paid courses, the funder
 * and its reference on every course, employers on the participant list, and
 * the pure parts of the reports: age bands and numeric CSV cells.
 */

describe('course types and funders', () => {
  it('stores the funder and reference of every type, trims them, and clears them when blanked', async () => {
    const core = await createUnlockedCore();
    const ok = core.ok.bind(core);
    const fail = core.fail.bind(core);
    for (const type of COURSE_TYPES) {
      const created = await ok('courses:create', sampleCourse(type, { funderName: '  Studieforbundet Viken ', funderReference: 'SV-2025-17' }));
      expect(created).toMatchObject({ type, funderName: 'Studieforbundet Viken', funderReference: 'SV-2025-17' });
      const cleared = await ok('courses:update', { id: created.id, course: sampleCourse(type, { funderName: '', funderReference: '' }) });
      expect(cleared).toMatchObject({ funderName: null, funderReference: null });
    }
    // A caller that does not send the funder (an older form) keeps the one on file.
    const kept = await ok('courses:create', sampleCourse('studieforbund', { funderName: 'Studieforbundet Viken', funderReference: 'SV-1' }));
    const { funderName: _n, funderReference: _r, ...without } = sampleCourse('studieforbund', { name: 'Nytt navn' });
    expect(await ok('courses:update', { id: kept.id, course: without })).toMatchObject({ name: 'Nytt navn', funderName: 'Studieforbundet Viken', funderReference: 'SV-1' });
    const tooLong = await fail('courses:create', sampleCourse('studieforbund', { funderReference: 'x'.repeat(101) }));
    expect(tooLong).toMatchObject({ code: 'VALIDATION', fields: { funderReference: 'Teksten er for lang.' } });
    const lineBreak = await fail('courses:create', sampleCourse('bedriftsbetalt', { funderName: 'Firma\nAS' }));
    expect(lineBreak.fields).toHaveProperty('funderName');
  });

  it('lets an employer register on an employer-paid course, not on a study-association course, and shows the employer in the list', async () => {
    const core = await createUnlockedCore();
    const ok = core.ok.bind(core);
    const fail = core.fail.bind(core);
    const paid = await ok('courses:create', sampleCourse('bedriftsbetalt', { funderName: 'Byggmester Hansen AS' }));
    const kari = await ok('participants:register', {
      courseId: paid.id,
      participant: sampleParticipant(),
      enrollment: { source: 'employer', employerName: 'Byggmester Hansen AS' },
    });
    await ok('participants:register', {
      courseId: paid.id,
      participant: sampleParticipant({ firstName: 'Per', lastName: 'Hansen', email: 'per@example.no', birthDate: '1979-01-20' }),
      enrollment: { source: 'self' },
    });
    expect((await ok('participants:listByCourse', { courseId: paid.id })).map((p) => [p.firstName, p.source, p.employerName])).toEqual([
      ['Per', 'self', null],
      ['Kari', 'employer', 'Byggmester Hansen AS'],
    ]);
    expect((await ok('participants:get', { courseId: paid.id, participantId: kari.participantId })).enrollment).toMatchObject({ employerName: 'Byggmester Hansen AS' });

    const association = await ok('courses:create', sampleCourse('studieforbund'));
    const refused = await fail('participants:register', {
      courseId: association.id,
      participant: sampleParticipant({ firstName: 'Ola' }),
      enrollment: { source: 'employer', employerName: 'Firma AS' },
    });
    expect(refused).toMatchObject({ code: 'VALIDATION', fields: { 'enrollment.source': 'Påmelding fra virksomhet gjelder bare Kompetansepluss-kurs og bedriftsbetalte kurs.' } });
    // Turning the employer-paid course into one without employers would leave their names without a purpose.
    expect((await fail('courses:update', { id: paid.id, course: sampleCourse('studieforbund') })).fields).toHaveProperty('course.type');
    expect(await ok('courses:update', { id: paid.id, course: sampleCourse('kompetansepluss', { name: paid.name }) })).toMatchObject({ type: 'kompetansepluss' });
  });

  it('deletes the new types’ personal data once the course has ended (the open-course rule), not after an approval', () => {
    for (const type of ['studieforbund', 'bedriftsbetalt'] as const) {
      const course = { type, endDate: '2025-06-30', financialReportApprovedAt: null, personalDataErasedAt: null };
      expect(retentionOf(course, 30, '2025-06-30')).toMatchObject({ rule: 'afterEnd', state: 'active', dueOn: '2025-07-30' });
      expect(retentionOf(course, 30, '2025-07-30')).toMatchObject({ rule: 'afterEnd', state: 'due' });
    }
  });
});

/** Age in whole years the slow way: count birthdays (29 February counts on 1 March in common years). */
function referenceAge(birth: Date, on: Date): number {
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const birthday = new Date(Date.UTC(on.getUTCFullYear(), birth.getUTCMonth(), birth.getUTCDate()));
  if (birthday > on) age -= 1;
  return age;
}
const iso = (d: Date) => d.toISOString().slice(0, 10);

describe('age bands', () => {
  it('put everyone in the band of their age at the course start, for any birth date and start', () => {
    const day = fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [birth, start] = a <= b ? [a, b] : [b, a];
        const age = referenceAge(birth, start);
        const band = ageBandOf(iso(birth), iso(start));
        const expected = age < 20 ? 'under20' : age >= 60 ? '60plus' : `${Math.floor(age / 10) * 10}-${Math.floor(age / 10) * 10 + 9}`;
        expect(band).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('change band on the birthday itself, not the day before', () => {
    for (const { band, from } of AGE_BANDS.slice(1)) {
      const born = `${2025 - from}-04-01`;
      expect(ageBandOf(born, '2025-04-01')).toBe(band);
      expect(ageBandOf(born, '2025-03-31')).toBe(AGE_BANDS[AGE_BANDS.indexOf(AGE_BANDS.find((b) => b.band === band)!) - 1]!.band);
    }
    // Born on 29 February: 20 on 1 March in a common year.
    expect(ageBandOf('2004-02-29', '2024-02-28')).toBe('under20');
    expect(ageBandOf('2005-02-28', '2025-02-28')).toBe('20-29');
    expect(ageBandOf('2004-02-29', '2024-02-29')).toBe('20-29');
    expect(ageBandOf('1900-01-01', '2025-01-01')).toBe('60plus');
  });
});

describe('numeric CSV cells', () => {
  it('are bare numbers with a decimal comma that read back as the rounded value', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100_000, noNaN: true }), (n) => {
        const cell = csvNumber(n);
        expect(cell).toMatch(/^\d+(,\d{1,2})?$/);
        expect(Number(cell.replace(',', '.'))).toBeCloseTo(Math.round(n * 100) / 100, 9);
      }),
      { numRuns: 2000 },
    );
    expect([csvNumber(2.75), csvNumber(22.5), csvNumber(10), csvNumber(66.66666, 1), csvNumber(0.1 + 0.2)]).toEqual(['2,75', '22,5', '10', '66,7', '0,3']);
  });
});
