import { describe, expect, it } from 'vitest';
import { coreDatabase, databaseDigest } from '../support/storage';
import { count, courseInput, ERASED, KEPT_MARKER, privacyFixture, rows } from './helpers';

/**
 * Deletion runs on the real encrypted database: what is due, the preview,
 * and the run with its rules (never what is not due, never a person with
 * consent, never one still on a course that holds its data), in one
 * transaction, leaving figures, tombstones and ids-only audit entries.
 */

describe('what is due', () => {
  it('lists the due course with how many people go and stay, and nothing that is not due', async () => {
    const f = await privacyFixture();
    const due = await f.ok('retention:due', {});
    expect(due).toEqual([
      {
        courseId: f.due.id,
        name: 'Fagbrev i sveisefaget',
        type: 'fagbrev',
        endDate: '2025-04-04',
        dueOn: '2025-05-04',
        erase: 2,
        keptForConsent: 1,
        keptForOtherCourse: 1,
      },
    ]);
  });

  it('follows the grace period setting, and a Kompetansepluss course once its approval is recorded', async () => {
    const f = await privacyFixture();
    await f.ok('settings:update', { retentionGraceDays: 90 });
    expect(await f.ok('retention:due', {})).toEqual([]);
    expect((await f.ok('courses:get', { id: f.due.id })).retention).toEqual({ rule: 'afterEnd', state: 'scheduled', dueOn: '2025-07-03', erasedAt: null });

    expect((await f.ok('courses:get', { id: f.waiting.id })).retention.state).toBe('waitingForApproval');
    const approved = await f.ok('courses:update', courseInput(f.waiting, { financialReportApprovedAt: '2025-05-15' }));
    expect(approved.retention).toEqual({ rule: 'afterApproval', state: 'due', dueOn: '2025-05-15', erasedAt: null });
    expect((await f.ok('retention:due', {})).map((c) => [c.name, c.erase])).toEqual([['Norsk på arbeidsplassen', 1]]);
  });

  it('refuses an approval date before the course ended, in Norwegian, and changes nothing', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    const refused = await f.fail('courses:update', courseInput(f.waiting, { financialReportApprovedAt: '2025-04-03' }));
    expect(refused.code).toBe('VALIDATION');
    expect(refused.fields).toEqual({ 'course.financialReportApprovedAt': 'Rapporten kan ikke være godkjent før kurset er slutt.' });
    expect(databaseDigest(f.dir)).toEqual(before);
  });
});

describe('the preview', () => {
  it('says exactly who and what goes and what stays, without writing anything', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    const preview = await f.ok('retention:preview', { courseId: f.due.id });
    expect(databaseDigest(f.dir)).toEqual(before);
    expect(preview.due).toBe(true);
    expect(preview.erase.map((p) => p.lastName)).toEqual(['Deltakersen', ERASED.lastName]);
    expect(preview.keep.map((p) => [p.lastName, p.why]).sort()).toEqual([
      ['Annetkurs', 'otherCourse'],
      [KEPT_MARKER, 'consent'],
    ]);
    // 2 people × (1 enrollment, 11 marks incl. the cancelled session's); 1 change reason + 1 cancel reason; 1 request; no consent.
    expect(preview.goes).toEqual({ enrollments: 2, marks: 22, absenceNotices: 0, certificates: 0, changeReasons: 2, consents: 0, requests: 1 });
    expect(preview.stays.statistics).toEqual({
      participants: 4,
      byGender: { female: 2, male: 1, other: 1, unspecified: 0 },
      withdrawn: 0,
      sessionsHeld: 10,
      hoursHeld: 25,
      // 4 × 25 hours, less Vanlig's six absences (15 h) and Zyqvaldo's late half hour.
      hoursAttended: 84.5,
      averageRate: 84.5 / 25 / 4,
      metRequirement: 3,
      certificatesIssued: 0,
    });
  });

  it('is refused for a course that is not due, unless forced', async () => {
    const f = await privacyFixture();
    const refused = await f.fail('retention:preview', { courseId: f.running.id });
    expect(refused).toMatchObject({ code: 'NOT_DUE' });
    expect(refused.message).toMatch(/^Kurset er ikke klart for sletting ennå/);
    const forced = await f.ok('retention:preview', { courseId: f.running.id, force: true });
    expect(forced.due).toBe(false);
    // Aktiv is also on the due course, which releases them: a forced erasure of the running course takes them.
    expect(forced.erase.map((p) => p.lastName)).toEqual(['Annetkurs']);
    expect((await f.fail('retention:preview', { courseId: '00000000-0000-4000-8000-000000000000' })).code).toBe('NOT_FOUND');
  });
});

describe('the run', () => {
  it('erases the due course’s people in every table, keeps consent and other courses, and leaves figures, tombstones and facts', async () => {
    const f = await privacyFixture();
    const result = await f.ok('retention:run', { courseIds: [f.due.id] });
    expect(result).toMatchObject({ erasedPeople: 2, courses: [{ courseId: f.due.id, name: 'Fagbrev i sveisefaget', erased: 2, kept: 2 }] });

    const people = rows(f.core, 'SELECT id FROM participants').map((r) => r.id);
    expect(people.sort()).toEqual([f.ids.consenting, f.ids.elsewhere, f.ids.pending].sort());
    for (const id of [f.ids.erased, f.ids.plain]) {
      for (const table of ['participant_enrollments', 'attendance_marks', 'attendance_change_reasons', 'consent_events', 'certificates', 'participant_distinct']) {
        const column = table === 'participant_distinct' ? 'participant_a' : 'participant_id';
        expect(count(f.core, `SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, id), `${table} still has ${id}`).toBe(0);
      }
    }
    // Kept people keep their enrollment and marks on the erased course.
    expect(count(f.core, 'SELECT count(*) AS n FROM attendance_marks WHERE participant_id = ?', f.ids.consenting)).toBe(11);
    // The request stays as a fact, without the person or the note.
    expect(rows(f.core, 'SELECT participant_id, kind, status, note FROM privacy_requests')).toEqual([{ participant_id: null, kind: 'access', status: 'open', note: null }]);
    // The session's cancel reason may name someone: emptied; the cancellation stays.
    expect(rows(f.core, 'SELECT cancelled, cancel_reason FROM course_sessions WHERE cancelled = 1')).toEqual([{ cancelled: 1, cancel_reason: null }]);

    const tombstones = rows(f.core, 'SELECT entity, entity_id, cause, erased_at FROM tombstones ORDER BY entity_id');
    expect(tombstones).toEqual(
      [f.ids.erased, f.ids.plain].sort().map((id) => ({ entity: 'participant', entity_id: id, cause: 'retention', erased_at: result.at })),
    );
    const course = await f.ok('courses:get', { id: f.due.id });
    expect(course.retention).toEqual({ rule: 'afterEnd', state: 'erased', dueOn: null, erasedAt: result.at });
    expect(course.participantCount).toBe(2);
    const statistics = await f.ok('retention:statistics', { courseId: f.due.id });
    expect(statistics).toMatchObject({ participants: 4, sessionsHeld: 10, hoursHeld: 25, hoursAttended: 84.5, metRequirement: 3 });
    expect(await f.ok('retention:statistics', { courseId: f.running.id })).toBeNull();

    // The audit log has the facts (ids, time, account, role), never a personal value.
    const erasures = rows(f.core, `SELECT entity, entity_id, actor_id, actor_role, detail FROM audit_log WHERE action = 'erase' ORDER BY entity, entity_id`);
    expect(erasures.map((e) => [e.entity, e.entity_id, e.detail])).toEqual([
      ['course', f.due.id, 'retention: erased 2, kept 2'],
      ...[f.ids.erased, f.ids.plain].sort().map((id) => ['participant', id, 'retention']),
    ]);
    expect(erasures.every((e) => e.actor_role === 'coordinator' && typeof e.actor_id === 'string')).toBe(true);
    const audit = JSON.stringify(rows(f.core, 'SELECT * FROM audit_log'));
    for (const value of Object.values(ERASED)) expect(audit).not.toContain(value);

    // Nothing is due any more; the erased course is closed to changes and new people.
    expect(await f.ok('retention:due', {})).toEqual([]);
    expect((await f.fail('courses:update', courseInput(course, { name: 'Nytt navn' }))).code).toBe('COURSE_ERASED');
    expect(
      (await f.fail('participants:register', { courseId: f.due.id, participant: { firstName: 'Ny', lastName: 'Person', birthDate: '1990-01-01', email: 'ny@example.no', gender: 'female', address: { street: 'Gata 1', postalCode: '6002', city: 'Ålesund' }, consent: { keepAfterCourse: false } }, enrollment: { source: 'self' } })).code,
    ).toBe('COURSE_ERASED');
    expect(f.unexpected).toEqual([]);
  });

  it('is refused for a course that is not due (nothing changes), and a forced run erases it anyway', async () => {
    const f = await privacyFixture();
    const before = databaseDigest(f.dir);
    // One course not due refuses the whole run, before anything is written.
    expect((await f.fail('retention:run', { courseIds: [f.due.id, f.waiting.id] })).code).toBe('NOT_DUE');
    expect((await f.fail('retention:run', { courseIds: [f.due.id, '00000000-0000-4000-8000-000000000000'] })).code).toBe('NOT_FOUND');
    const refused = await f.fail('retention:run', { courseIds: [] });
    expect(refused.fields).toEqual({ courseIds: 'Velg minst ett kurs.' });
    expect(databaseDigest(f.dir)).toEqual(before);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants')).toBe(5);

    const forced = await f.ok('retention:run', { courseIds: [f.waiting.id], force: true });
    expect(forced).toMatchObject({ erasedPeople: 1, courses: [{ courseId: f.waiting.id, erased: 1, kept: 0 }] });
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.pending)).toBe(0);
    expect(rows(f.core, `SELECT detail FROM audit_log WHERE action = 'erase' AND entity = 'course'`)).toEqual([{ detail: 'retention (forced): erased 1, kept 0' }]);
  });

  it('takes kept people once they are due: consent withdrawn, or their other course erased', async () => {
    const f = await privacyFixture();
    const first = await f.ok('retention:run', { courseIds: [f.due.id] });
    f.clock.advance(24 * 3600_000);
    // Konsenta withdraws consent: the erased course is due again, for her alone.
    const detail = await f.ok('participants:get', { courseId: f.due.id, participantId: f.ids.consenting });
    await f.ok('participants:update', {
      courseId: f.due.id,
      participantId: f.ids.consenting,
      participant: {
        firstName: detail.firstName,
        lastName: detail.lastName,
        birthDate: detail.birthDate,
        email: detail.email ?? undefined,
        gender: detail.gender,
        address: detail.address ?? undefined,
        consent: { keepAfterCourse: false },
      },
      enrollment: { source: 'self' },
    });
    const due = await f.ok('retention:due', {});
    expect(due.map((c) => [c.courseId, c.erase, c.keptForConsent, c.keptForOtherCourse])).toEqual([[f.due.id, 1, 0, 1]]);
    const statisticsBefore = await f.ok('retention:statistics', { courseId: f.due.id });
    const second = await f.ok('retention:run', { courseIds: [f.due.id] });
    expect(second.erasedPeople).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.consenting)).toBe(0);
    // The figures are those of the first run, with everyone in them.
    expect(await f.ok('retention:statistics', { courseId: f.due.id })).toEqual(statisticsBefore);
    // The erased date stays that of the first run.
    expect((await f.ok('courses:get', { id: f.due.id })).retention.erasedAt).toBe(first.at);
    expect(second.at).not.toBe(first.at);

    // Aktiv leaves with their other course, once that one is erased (forced here: it runs until August).
    const third = await f.ok('retention:run', { courseIds: [f.running.id], force: true });
    expect(third.erasedPeople).toBe(1);
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.elsewhere)).toBe(0);
  });

  it('erases a person on two due courses with the first run, and keeps the second course’s figures with them in it', async () => {
    const f = await privacyFixture();
    const second = await f.ok('courses:create', {
      name: 'Fagbrev, del 2',
      type: 'fagbrev',
      place: 'Ålesund',
      startDate: '2025-03-10',
      endDate: '2025-04-11',
      plannedHours: 5,
      teacher: 'Lærer Testesen',
      status: 'finished',
    });
    await f.ok('participants:enrollExisting', { courseId: second.id, participantId: f.ids.plain, enrollment: { source: 'self' } });
    const session = await f.ok('sessions:add', { courseId: second.id, date: '2025-03-11', startTime: '09:00', endTime: '11:30' });
    await f.ok('attendance:markAllPresent', { sessionId: session.id });
    expect((await f.ok('retention:due', {})).map((c) => [c.name, c.erase])).toEqual([
      ['Fagbrev i sveisefaget', 2],
      ['Fagbrev, del 2', 1],
    ]);
    await f.ok('retention:run', { courseIds: [f.due.id] });
    expect(count(f.core, 'SELECT count(*) AS n FROM participants WHERE id = ?', f.ids.plain)).toBe(0);
    // The second course is still due (its run marks it erased); its figures were kept before Vanlig went.
    expect((await f.ok('retention:statistics', { courseId: second.id }))).toMatchObject({ participants: 1, hoursAttended: 2.5 });
    expect((await f.ok('retention:due', {})).map((c) => [c.name, c.erase])).toEqual([['Fagbrev, del 2', 0]]);
    await f.ok('retention:run', { courseIds: [second.id] });
    expect((await f.ok('courses:get', { id: second.id })).retention.state).toBe('erased');
    expect((await f.ok('retention:statistics', { courseId: second.id }))).toMatchObject({ participants: 1, hoursAttended: 2.5 });
  });

  it('leaves everything as it was when the run fails half-way (one transaction)', async () => {
    const f = await privacyFixture();
    const db = coreDatabase(f.core);
    // The second tombstone fails: by then the first person is already gone inside the transaction.
    db.exec(`CREATE TEMP TRIGGER fail_second_tombstone BEFORE INSERT ON tombstones
             WHEN (SELECT count(*) FROM tombstones) >= 1 BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    const snapshot = (table: string) => JSON.stringify(rows(f.core, `SELECT * FROM ${table} ORDER BY 1`));
    const tables = ['participants', 'participant_enrollments', 'attendance_marks', 'attendance_change_reasons', 'course_sessions', 'courses', 'course_statistics', 'tombstones', 'privacy_requests', 'audit_log'];
    const before = tables.map(snapshot);
    const failed = await f.fail('retention:run', { courseIds: [f.due.id] });
    expect(failed).toMatchObject({ code: 'INTERNAL', message: 'Noe gikk galt. Ingenting ble endret.' });
    expect(tables.map(snapshot)).toEqual(before);
    db.exec('DROP TRIGGER fail_second_tombstone');
    f.unexpected.length = 0;
    expect((await f.ok('retention:run', { courseIds: [f.due.id] })).erasedPeople).toBe(2);
  });
});
