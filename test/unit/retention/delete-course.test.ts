import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROVIDER } from '../certificates/helpers';
import { databaseDigest } from '../support/storage';
import { count, issueCertificates, privacyFixture, rows } from './helpers';

/**
 * Deleting a course: a plain delete only while it holds no attendance and no
 * certificates; anything more is COURSE_HAS_RECORDS (the screen then goes to
 * the erasure preview for the course), never a plain delete.
 */

describe('deleting a course', () => {
  it('refuses a course with attendance (COURSE_HAS_RECORDS), in Norwegian, and changes nothing', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    const refused = await f.fail('courses:delete', { id: f.due.id });
    expect(refused.code).toBe('COURSE_HAS_RECORDS');
    expect(refused.message).toMatch(/^Kurset har registrert oppmøte eller utstedte kursbevis\./);
    expect(databaseDigest(f.dir)).toEqual(before);
    expect((await f.fail('courses:delete', { id: randomUUID() })).code).toBe('NOT_FOUND');
    expect((await f.fail('courses:delete', { id: 'ikke-en-id' })).code).toBe('VALIDATION');
    // The way it goes instead: the erasure preview for the course, forced.
    expect((await f.ok('retention:preview', { courseId: f.due.id, force: true })).erase).toHaveLength(2);
  });

  it('deletes a course without records; people only registered there go with it, unless they consented or are on another course', async () => {
    const f = await privacyFixture();
    const course = await f.ok('courses:create', {
      name: 'Feilregistrert kurs',
      type: 'other',
      place: 'Molde',
      startDate: '2025-09-01',
      endDate: '2025-10-31',
      plannedHours: 10,
      teacher: 'Lærer Testesen',
      status: 'planned',
    });
    const only = (
      await f.ok('participants:register', {
        courseId: course.id,
        participant: { firstName: 'Bare', lastName: 'Her', birthDate: '1990-01-01', email: 'bare.her@example.no', gender: 'female', consent: { keepAfterCourse: false } },
        enrollment: { source: 'self' },
      })
    ).participantId;
    const consenting = (
      await f.ok('participants:register', {
        courseId: course.id,
        participant: { firstName: 'Samtykke', lastName: 'Her', birthDate: '1990-01-02', email: 'samtykke@example.no', gender: 'male', consent: { keepAfterCourse: true, method: 'email' } },
        enrollment: { source: 'self' },
      })
    ).participantId;
    await f.ok('participants:enrollExisting', { courseId: course.id, participantId: f.ids.pending, enrollment: { source: 'self' } });
    // Sessions without marks are no records.
    await f.ok('sessions:generate', { courseId: course.id, weekdays: [2], startTime: '09:00', endTime: '11:00' });

    expect(await f.ok('courses:delete', { id: course.id })).toBeNull();
    expect((await f.fail('courses:get', { id: course.id })).code).toBe('NOT_FOUND');
    expect(count(f.core, 'SELECT count(*) AS n FROM course_sessions WHERE course_id = ?', course.id)).toBe(0);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', only)).toBe(0);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', consenting)).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.pending)).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM participant_enrollments WHERE participant_id = ?', f.ids.pending)).toBe(1);
    expect(rows(f.core, 'SELECT entity, entity_id, cause FROM tombstones ORDER BY entity')).toEqual([
      { entity: 'course', entity_id: course.id, cause: 'courseDeleted' },
      { entity: 'participant', entity_id: only, cause: 'courseDeleted' },
    ]);
    expect(rows(f.core, `SELECT action, entity, entity_id, detail FROM audit_log WHERE action IN ('delete', 'erase') ORDER BY action`)).toEqual([
      { action: 'delete', entity: 'course', entity_id: course.id, detail: 'erased 1' },
      { action: 'erase', entity: 'participant', entity_id: only, detail: 'courseDeleted' },
    ]);
    expect(f.unexpected).toEqual([]);
  });

  it('refuses a course whose erased people left certificates in the register', { timeout: 60_000 }, async () => {
    const f = await privacyFixture();
    await f.ok('provider:update', PROVIDER);
    await issueCertificates(f.core, f.due.id, [{ participantId: f.ids.erased }]);
    await f.ok('retention:run', { courseIds: [f.due.id] });
    // The register proves the certificates valid: deleting the course would take it along.
    for (const id of [f.ids.consenting, f.ids.elsewhere]) await f.ok('privacy:erase', { participantId: id, confirmed: true });
    expect(count(f.core, 'SELECT count(*) AS n FROM attendance_marks m JOIN course_sessions s ON s.id = m.session_id WHERE s.course_id = ?', f.due.id)).toBe(0);
    expect((await f.fail('courses:delete', { id: f.due.id })).code).toBe('COURSE_HAS_RECORDS');
  });
});
