import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { UnlockedCore } from '../support/core';
import { createUnlockedCore, MINUTE, SAMPLE_ADDRESS, sampleCourse, sampleParticipant } from '../support/core';
import { coreDatabase, countRows } from '../support/storage';

interface AuditRow {
  at: string;
  actor_id: string;
  action: string;
  entity: string;
  entity_id: string;
  course_id: string | null;
  fields: string;
  device_id: string;
}

let t: UnlockedCore;

beforeEach(async () => {
  t = await createUnlockedCore();
});
afterEach(() => t.core.close());

const auditFor = (id: string) =>
  coreDatabase(t.core).prepare('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY at, action').all('course', id) as AuditRow[];

describe('courses through the dispatcher', () => {
  it('creates, gets and lists a course', async () => {
    const created = await t.ok('courses:create', sampleCourse('fagbrev'));
    expect(created).toMatchObject({
      name: 'Fagbrev i helsearbeiderfaget',
      type: 'fagbrev',
      place: 'Ålesund',
      startDate: '2025-04-01',
      endDate: '2025-06-30',
      plannedHours: 40,
      status: 'planned',
      financialReportApprovedAt: null,
      participantCount: 0,
      createdAt: t.clock.now().toISOString(),
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await t.ok('courses:get', { id: created.id })).toEqual(created);

    const other = await t.ok('courses:create', sampleCourse('other', { status: 'running', startDate: '2025-10-01', endDate: '2025-10-02' }));
    const all = await t.ok('courses:list', {});
    expect(all.map((c) => c.id)).toEqual([other.id, created.id]); // newest start first
    expect((await t.ok('courses:list', { status: 'running' })).map((c) => c.id)).toEqual([other.id]);
  });

  it('updates a course and records the approved financial report for Kompetansepluss', async () => {
    const course = await t.ok('courses:create', sampleCourse('kompetansepluss'));
    t.clock.advance(5 * MINUTE);
    const updated = await t.ok('courses:update', {
      id: course.id,
      course: { ...sampleCourse('kompetansepluss'), status: 'finished', financialReportApprovedAt: '2026-01-10' },
    });
    expect(updated).toMatchObject({ status: 'finished', financialReportApprovedAt: '2026-01-10', createdAt: course.createdAt });
    expect(updated.updatedAt).toBe(t.clock.now().toISOString());
    expect(await t.ok('courses:get', { id: course.id })).toEqual(updated);
  });

  it('refuses an end date before the start date, in Norwegian, on the endDate field', async () => {
    const error = await t.fail('courses:create', sampleCourse('other', { startDate: '2025-09-10', endDate: '2025-09-01' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({ endDate: 'Sluttdato kan ikke være før startdato.' });
    expect(countRows(t.core, 'courses')).toBe(0);
  });

  it('refuses a financial report date on a course that is not Kompetansepluss', async () => {
    const error = await t.fail('courses:create', sampleCourse('fagbrev', { financialReportApprovedAt: '2026-01-10' }));
    expect(error.fields).toEqual({ financialReportApprovedAt: 'Godkjent økonomisk rapport gjelder bare Kompetansepluss-kurs.' });
    expect(countRows(t.core, 'courses')).toBe(0);
  });

  it.each(['2025-06-29', '2025-04-01', '2024-12-31'])('refuses an approval of the financial report on %s, before the course ended', async (approvedOn) => {
    const error = await t.fail('courses:create', sampleCourse('kompetansepluss', { status: 'finished', financialReportApprovedAt: approvedOn }));
    expect(error.fields).toEqual({ financialReportApprovedAt: 'Rapporten kan ikke være godkjent før kurset er slutt.' });
    expect(countRows(t.core, 'courses')).toBe(0);
    // On the last day or after is fine.
    expect((await t.ok('courses:create', sampleCourse('kompetansepluss', { status: 'finished', financialReportApprovedAt: '2025-06-30' }))).financialReportApprovedAt).toBe('2025-06-30');
  });

  it.each([0, 0.4, 2000.5, -3])('refuses %d planned hours', async (plannedHours) => {
    const error = await t.fail('courses:create', sampleCourse('other', { plannedHours }));
    expect(error.fields).toEqual({ plannedHours: 'Timetallet må være mellom 0,5 og 2000.' });
  });

  it('accepts the planned hours at the edges of the range', async () => {
    await t.ok('courses:create', sampleCourse('other', { plannedHours: 0.5 }));
    await t.ok('courses:create', sampleCourse('other', { plannedHours: 2000 }));
    expect(countRows(t.core, 'courses')).toBe(2);
  });

  it('refuses invalid dates and unknown fields', async () => {
    const badDate = await t.fail('courses:create', sampleCourse('other', { startDate: '2025-02-30' }));
    expect(badDate.fields).toEqual({ startDate: 'Ugyldig dato. Skriv datoen som dd.mm.åååå.' });
    const extra = await t.fail('courses:create', { ...sampleCourse('other'), secret: 'x' });
    expect(extra.code).toBe('VALIDATION');
    expect(countRows(t.core, 'courses')).toBe(0);
  });

  it('answers NOT_FOUND for an unknown id, on get and update', async () => {
    const id = randomUUID();
    expect((await t.fail('courses:get', { id })).code).toBe('NOT_FOUND');
    expect((await t.fail('courses:update', { id, course: sampleCourse('other') })).code).toBe('NOT_FOUND');
    expect((await t.fail('courses:get', { id: 'not-a-uuid' })).fields).toEqual({ id: 'Ugyldig verdi.' });
  });

  it('refuses switching a course with participants in or out of the trade-certificate type', async () => {
    const course = await t.ok('courses:create', sampleCourse('fagbrev'));
    await t.ok('participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ address: SAMPLE_ADDRESS }),
      enrollment: { source: 'self' },
    });
    const error = await t.fail('courses:update', { id: course.id, course: sampleCourse('other') });
    expect(error.fields).toEqual({ 'course.type': 'Ugyldig verdi.' });
    expect((await t.ok('courses:get', { id: course.id })).type).toBe('fagbrev');
  });

  it('refuses switching a Kompetansepluss course away while employers registered participants, and allows it otherwise', async () => {
    const course = await t.ok('courses:create', sampleCourse('kompetansepluss'));
    await t.ok('participants:register', {
      courseId: course.id,
      participant: sampleParticipant(),
      enrollment: { source: 'employer', employerName: 'Byggmester Hansen AS' },
    });
    const error = await t.fail('courses:update', { id: course.id, course: sampleCourse('other') });
    expect(error.fields).toEqual({ 'course.type': 'Ugyldig verdi.' });
    expect((await t.ok('courses:get', { id: course.id })).type).toBe('kompetansepluss');

    const selfRegistered = await t.ok('courses:create', sampleCourse('kompetansepluss', { name: 'Lesing og skriving' }));
    await t.ok('participants:register', {
      courseId: selfRegistered.id,
      participant: sampleParticipant({ firstName: 'Ola', lastName: 'Berg' }),
      enrollment: { source: 'self' },
    });
    expect((await t.ok('courses:update', { id: selfRegistered.id, course: sampleCourse('other', { name: 'Lesing og skriving' }) })).type).toBe('other');
  });

  it('writes audit rows for create and update with field names only', async () => {
    const course = await t.ok('courses:create', sampleCourse('other'));
    t.clock.advance(1 * MINUTE);
    await t.ok('courses:update', { id: course.id, course: sampleCourse('other', { place: 'Bodø', plannedHours: 75 }) });
    // An update that changes nothing leaves no audit row.
    await t.ok('courses:update', { id: course.id, course: sampleCourse('other', { place: 'Bodø', plannedHours: 75 }) });

    const rows = auditFor(course.id);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(JSON.parse(rows[1]!.fields)).toEqual(['place', 'plannedHours']);
    const staffId = (coreDatabase(t.core).prepare("SELECT value FROM settings WHERE key = 'staff.id'").get() as { value: string }).value;
    for (const row of rows) {
      expect(row.actor_id).toBe(staffId);
      expect(row.course_id).toBe(course.id);
      expect(JSON.stringify(row)).not.toContain('Bodø');
    }
    expect(rows[1]!.at).toBe(t.clock.now().toISOString());
  });
});
