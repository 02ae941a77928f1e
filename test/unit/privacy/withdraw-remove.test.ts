import { describe, expect, it } from 'vitest';
import { attendanceFixture } from '../attendance/helpers';
import { createUnlockedCore, dispatchError, dispatchOk, sampleCourse, sampleParticipant } from '../support/core';
import { coreDatabase, countRows, databaseDigest } from '../support/storage';
import { insertCertificate } from './lifecycle-helpers';

/**
 * The participant lifecycle on a course, on the real encrypted database:
 * withdrawing (and reinstating), and removing a registration made in error.
 * Sessions of the fixture: Tuesdays and Thursdays in April 2025 (1, 3, 8, 10,
 * 15, 17, 22, 24, 29); the clock stands on 20 April.
 */

const rollOf = async (core: Awaited<ReturnType<typeof attendanceFixture>>['core'], sessionId: string) =>
  (await dispatchOk(core, 'attendance:roll', { sessionId })).rows;

describe('withdrawing from a course', () => {
  it('takes a date and a reason category; the person leaves roll calls from that day and stays in earlier ones', async () => {
    const { core, courseId, participantIds, sessionIds } = await attendanceFixture(3);
    const [leaving] = participantIds as [string];
    // 15 April is the first day they no longer come.
    const detail = await dispatchOk(core, 'participants:withdraw', { courseId, participantId: leaving, date: '2025-04-15', reason: 'work' });
    expect(detail.enrollment).toMatchObject({ withdrawnOn: '2025-04-15', withdrawalReason: 'work' });

    const before = await rollOf(core, sessionIds[3]!); // 10 April
    const onTheDay = await rollOf(core, sessionIds[4]!); // 15 April
    const after = await rollOf(core, sessionIds[6]!); // 22 April
    expect(before.map((r) => r.participantId)).toContain(leaving);
    expect(before.find((r) => r.participantId === leaving)?.withdrawnOn).toBe('2025-04-15');
    expect(onTheDay.map((r) => r.participantId)).not.toContain(leaving);
    expect(after.map((r) => r.participantId)).not.toContain(leaving);
    expect(after).toHaveLength(2);

    // "All present" on a later session marks the others only.
    const marked = await dispatchOk(core, 'attendance:markAllPresent', { sessionId: sessionIds[4]! });
    expect(marked.rows.map((r) => r.participantId)).not.toContain(leaving);
    const marks = coreDatabase(core).prepare('SELECT participant_id FROM attendance_marks WHERE session_id = ?').all(sessionIds[4]!) as {
      participant_id: string;
    }[];
    expect(marks.map((m) => m.participant_id)).not.toContain(leaving);

    // The course's list still has them, marked as withdrawn.
    const list = await dispatchOk(core, 'participants:listByCourse', { courseId });
    expect(list.find((p) => p.participantId === leaving)?.withdrawnOn).toBe('2025-04-15');

    // Audited with field names only.
    const audit = coreDatabase(core)
      .prepare(`SELECT action, entity, entity_id, course_id, fields, detail FROM audit_log WHERE action = 'withdraw'`)
      .all();
    expect(audit).toEqual([
      { action: 'withdraw', entity: 'enrollment', entity_id: leaving, course_id: courseId, fields: '["withdrawn_on","withdrawal_reason"]', detail: null },
    ]);
  });

  it('keeps a later session where they were already marked (absent) in that roll call', async () => {
    const { core, courseId, participantIds, sessionIds } = await attendanceFixture(2);
    const [leaving] = participantIds as [string];
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[5]!, participantId: leaving, status: 'absent' }); // 17 April
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId: leaving, date: '2025-04-15', reason: 'illness' });
    const rows = await rollOf(core, sessionIds[5]!);
    expect(rows.find((r) => r.participantId === leaving)).toMatchObject({ status: 'absent', withdrawnOn: '2025-04-15' });
  });

  it('withdrawing again corrects the date and the reason', async () => {
    const { core, courseId, participantIds } = await attendanceFixture(1);
    const participantId = participantIds[0]!;
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-15', reason: 'work' });
    const again = await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-22', reason: 'moved' });
    expect(again.enrollment).toMatchObject({ withdrawnOn: '2025-04-22', withdrawalReason: 'moved' });
  });

  it('refuses a date outside the course period, and changes nothing', async () => {
    const { core, dir, courseId, participantIds } = await attendanceFixtureWithDir();
    const participantId = participantIds[0]!;
    for (const date of ['2025-03-31', '2025-05-01', '2030-01-01']) {
      const before = databaseDigest(dir);
      const refused = await dispatchError(core, 'participants:withdraw', { courseId, participantId, date, reason: 'work' });
      expect(refused).toEqual({
        code: 'VALIDATION',
        message: 'Noen felt er ikke riktig utfylt.',
        fields: { date: 'Datoen må ligge i kursperioden.' },
      });
      expect(databaseDigest(dir)).toEqual(before);
    }
    // The first and last day of the course are inside it.
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-01', reason: 'work' });
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-30', reason: 'work' });
  });

  it('refuses a date on or before a session they attended', async () => {
    const { core, courseId, participantIds, sessionIds } = await attendanceFixture(1);
    const participantId = participantIds[0]!;
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[4]!, participantId, status: 'present' }); // 15 April
    const refused = await dispatchError(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-15', reason: 'work' });
    expect(refused.fields).toEqual({ date: 'Deltakeren har møtt på en økt fra denne datoen. Velg dagen etter siste oppmøte.' });
    expect((await dispatchOk(core, 'participants:get', { courseId, participantId })).enrollment.withdrawnOn).toBeNull();
    // From the next day, it is fine.
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-16', reason: 'work' });
  });

  it('takes a reason category only, never free text, and refuses someone not on the course', async () => {
    const { core, courseId, participantIds } = await attendanceFixture(1);
    const participantId = participantIds[0]!;
    const freeText = await dispatchError(core, 'participants:withdraw', {
      courseId,
      participantId,
      date: '2025-04-15',
      reason: 'Fikk ny jobb hos Hansen' as never,
    });
    expect(freeText.fields).toEqual({ reason: 'Velg hvorfor deltakeren sluttet.' });
    const other = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    expect(await dispatchError(core, 'participants:withdraw', { courseId: other.id, participantId, date: '2025-04-15', reason: 'work' })).toMatchObject({
      code: 'NOT_ENROLLED',
      message: 'Deltakeren er ikke påmeldt dette kurset.',
    });
  });
});

describe('reinstating', () => {
  it('brings a withdrawn participant back into every roll call', async () => {
    const { core, courseId, participantIds, sessionIds } = await attendanceFixture(2);
    const participantId = participantIds[0]!;
    await dispatchOk(core, 'participants:withdraw', { courseId, participantId, date: '2025-04-15', reason: 'personal' });
    expect((await rollOf(core, sessionIds[6]!)).map((r) => r.participantId)).not.toContain(participantId);
    const back = await dispatchOk(core, 'participants:reinstate', { courseId, participantId });
    expect(back.enrollment).toMatchObject({ withdrawnOn: null, withdrawalReason: null });
    expect((await rollOf(core, sessionIds[6]!)).map((r) => r.participantId)).toContain(participantId);
    expect(coreDatabase(core).prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'reinstate' AND entity_id = ?`).get(participantId)).toEqual({
      n: 1,
    });
  });

  it('refuses to reinstate someone who has not withdrawn, and changes nothing', async () => {
    const { core, dir, courseId, participantIds } = await attendanceFixtureWithDir();
    const before = databaseDigest(dir);
    expect(await dispatchError(core, 'participants:reinstate', { courseId, participantId: participantIds[0]! })).toEqual({
      code: 'NOT_WITHDRAWN',
      message: 'Deltakeren er ikke meldt av kurset, så det er ingen avmelding å angre.',
    });
    expect(databaseDigest(dir)).toEqual(before);
  });
});

describe('removing a registration made in error', () => {
  const tombstones = (core: Parameters<typeof coreDatabase>[0]) =>
    coreDatabase(core).prepare('SELECT entity, entity_id, cause FROM tombstones ORDER BY entity').all() as {
      entity: string;
      entity_id: string;
      cause: string;
    }[];

  it('removes only the enrollment when the person is on another course', async () => {
    const { core, courseId, participantIds } = await attendanceFixture(2);
    const participantId = participantIds[0]!;
    const other = await dispatchOk(core, 'courses:create', sampleCourse('other', { name: 'Excel for nybegynnere' }));
    await dispatchOk(core, 'participants:enrollExisting', { courseId: other.id, participantId, enrollment: { source: 'self' } });
    const enrollmentId = (
      coreDatabase(core).prepare('SELECT id FROM participant_enrollments WHERE course_id = ? AND participant_id = ?').get(courseId, participantId) as {
        id: string;
      }
    ).id;

    expect(await dispatchOk(core, 'participants:removeRegistration', { courseId, participantId })).toEqual({ personErased: false });
    expect((await dispatchOk(core, 'participants:listByCourse', { courseId })).map((p) => p.participantId)).not.toContain(participantId);
    expect((await dispatchOk(core, 'participants:get', { courseId: other.id, participantId })).firstName).toBe('Åse');
    expect(await dispatchError(core, 'participants:get', { courseId, participantId })).toMatchObject({ code: 'NOT_FOUND' });
    expect(tombstones(core)).toEqual([{ entity: 'enrollment', entity_id: enrollmentId, cause: 'removed' }]);
  });

  it('erases the person entirely when it was their only course, leaving tombstones and the request as a bare fact', async () => {
    const { core, clock } = await createUnlockedCore();
    clock.set('2025-04-20T10:00:00.000Z');
    const course = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    const stay = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName: 'Ola', lastName: 'Blir', email: 'ola@example.no' }),
      enrollment: { source: 'teacher' },
    });
    const wrong = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName: 'Zqxfeil', lastName: 'Registrert', consent: { keepAfterCourse: true, method: 'paper' } }),
      enrollment: { source: 'teacher' },
    });
    const request = await dispatchOk(core, 'requests:create', {
      participantId: wrong.participantId,
      kind: 'access',
      channel: 'email',
      receivedOn: '2025-04-18',
      note: 'Zqxfeil ber om innsyn',
    });
    const participantsBefore = countRows(core, 'participants');

    expect(await dispatchOk(core, 'participants:removeRegistration', { courseId: course.id, participantId: wrong.participantId })).toEqual({
      personErased: true,
    });
    const db = coreDatabase(core);
    expect(countRows(core, 'participants')).toBe(participantsBefore - 1);
    expect(db.prepare('SELECT count(*) AS n FROM participants WHERE id = ?').get(wrong.participantId)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM consent_events WHERE participant_id = ?').get(wrong.participantId)).toEqual({ n: 0 });
    expect(await dispatchOk(core, 'participants:search', { query: 'Zqxfeil' })).toEqual([]);
    expect(tombstones(core).map((t) => [t.entity, t.cause])).toEqual([
      ['enrollment', 'removed'],
      ['participant', 'removed'],
    ]);
    expect(tombstones(core).find((t) => t.entity === 'participant')?.entity_id).toBe(wrong.participantId);
    // The request stays as a fact, without the person or the words about them.
    const kept = await dispatchOk(core, 'requests:list', {});
    expect(kept).toEqual([expect.objectContaining({ id: request.id, person: null, courses: [], note: null, kind: 'access' })]);
    // Nothing personal in what stays: tombstones and audit hold ids only.
    const leftovers = JSON.stringify([db.prepare('SELECT * FROM tombstones').all(), db.prepare('SELECT * FROM audit_log').all()]);
    expect(leftovers).not.toContain('Zqxfeil');
    expect(db.prepare(`SELECT detail FROM audit_log WHERE action = 'erase' AND entity_id = ?`).get(wrong.participantId)).toEqual({ detail: 'removed' });
    // The WAL was checkpointed after the erasure.
    expect(db.pragma('wal_checkpoint(PASSIVE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
    // The other participant is untouched.
    expect((await dispatchOk(core, 'participants:listByCourse', { courseId: course.id })).map((p) => p.participantId)).toEqual([stay.participantId]);
  });

  it('refuses when attendance, a reason for a change or a certificate exists, and changes nothing', async () => {
    const { core, dir, courseId, participantIds, sessionIds } = await attendanceFixtureWithDir(3);
    const [marked, reasoned, certified] = participantIds as [string, string, string];
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: marked, status: 'absent' });
    // A mark changed after sign-off and then removed leaves only its reason behind: still a record.
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId: reasoned, status: 'present' });
    await dispatchOk(core, 'attendance:signOff', { sessionId: sessionIds[1]! });
    await dispatchOk(core, 'attendance:unmark', { sessionId: sessionIds[1]!, participantId: reasoned, reason: 'Feil person krysset av' });
    insertCertificate(coreDatabase(core), certified, courseId);
    coreDatabase(core).pragma('wal_checkpoint(TRUNCATE)');

    for (const participantId of [marked, reasoned, certified]) {
      const before = databaseDigest(dir);
      expect(await dispatchError(core, 'participants:removeRegistration', { courseId, participantId })).toEqual({
        code: 'REGISTRATION_HAS_RECORDS',
        message:
          'Deltakeren har oppmøte eller kursbevis på kurset, så påmeldingen kan ikke fjernes som en feil. Meld deltakeren av i stedet.',
      });
      expect(databaseDigest(dir)).toEqual(before);
    }
  });

  it('refuses someone who is not on the course', async () => {
    const { core, participantIds } = await attendanceFixture(1);
    const other = await dispatchOk(core, 'courses:create', sampleCourse('other'));
    expect(await dispatchError(core, 'participants:removeRegistration', { courseId: other.id, participantId: participantIds[0]! })).toMatchObject({
      code: 'NOT_ENROLLED',
    });
  });
});

/** The attendance fixture with the core's data folder, for byte-for-byte checks of refused calls. */
async function attendanceFixtureWithDir(count = 1) {
  const fixture = await attendanceFixture(count);
  const dir = (fixture.core as unknown as { options: { dataDir: string } }).options.dataDir;
  // Start from an empty WAL, so only a refused call's own writes could change the files.
  coreDatabase(fixture.core).pragma('wal_checkpoint(TRUNCATE)');
  return { ...fixture, dir };
}
