import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUnlockedCore, SAMPLE_ADDRESS, sampleCourse, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';
import { coreDatabase, databaseDigest } from '../support/storage';
import { insertCertificate } from './lifecycle-helpers';

/**
 * Two records of one person merged into one, on the real encrypted database.
 * "Kari Nordmann" was registered twice: once on a course with her work e-mail,
 * once (as "Kari Nordman") on another with her private one. Both are on the
 * shared course "Excel", with a mark each for its first session.
 */

interface MergeFixture extends UnlockedCore {
  keepId: string;
  mergeId: string;
  courses: { norsk: string; excel: string; data: string };
  sessions: { excel: string[]; data: string[] };
}

async function mergeFixture(): Promise<MergeFixture> {
  const t = await createUnlockedCore();
  t.clock.set('2025-04-20T10:00:00.000Z');
  const course = async (name: string) =>
    (await t.ok('courses:create', sampleCourse('other', { name, startDate: '2025-04-01', endDate: '2025-04-30', status: 'running' }))).id;
  const courses = { norsk: await course('Norsk'), excel: await course('Excel'), data: await course('Digitale ferdigheter') };
  const keep = await t.ok('participants:register', {
    courseId: courses.norsk,
    participant: sampleParticipant({ email: 'kari@jobb.no', mobile: '912 34 567', interests: 'Regnskap' }),
    enrollment: { source: 'teacher' },
  });
  const merge = await t.ok('participants:register', {
    courseId: courses.data,
    participant: sampleParticipant({
      lastName: 'Nordman',
      email: 'kari@privat.no',
      mobile: undefined,
      interests: undefined,
      consent: { keepAfterCourse: true, method: 'paper' },
    }),
    enrollment: { source: 'self' },
  });
  await t.ok('participants:enrollExisting', { courseId: courses.excel, participantId: keep.participantId, enrollment: { source: 'teacher' } });
  await t.ok('participants:enrollExisting', { courseId: courses.excel, participantId: merge.participantId, enrollment: { source: 'self' } });
  const plan = async (courseId: string) =>
    (await t.ok('sessions:generate', { courseId, weekdays: [2], startTime: '09:00', endTime: '11:00' })).sessions.map((s) => s.id);
  const sessions = { excel: await plan(courses.excel), data: await plan(courses.data) };
  // Both marked for Excel's first session (a conflict); only the merged record for its second and for Digitale ferdigheter.
  await t.ok('attendance:mark', { sessionId: sessions.excel[0]!, participantId: keep.participantId, status: 'present' });
  await t.ok('attendance:mark', { sessionId: sessions.excel[0]!, participantId: merge.participantId, status: 'absent' });
  await t.ok('attendance:mark', { sessionId: sessions.excel[1]!, participantId: merge.participantId, status: 'excused' });
  await t.ok('attendance:mark', { sessionId: sessions.data[0]!, participantId: merge.participantId, status: 'present' });
  return { ...t, keepId: keep.participantId, mergeId: merge.participantId, courses, sessions };
}

describe('merge preview', () => {
  it('shows both records, the fields that differ, the shared courses and the conflicting marks', async () => {
    const t = await mergeFixture();
    const preview = await t.ok('participants:mergePreview', { keepId: t.keepId, mergeId: t.mergeId });
    expect(preview.keep).toMatchObject({ participantId: t.keepId, lastName: 'Nordmann', email: 'kari@jobb.no' });
    expect(preview.merge).toMatchObject({ participantId: t.mergeId, lastName: 'Nordman', email: 'kari@privat.no', mobile: null });
    expect(preview.keep.courses.map((c) => c.name)).toEqual(['Norsk', 'Excel']);
    expect(preview.differing).toEqual(['name', 'email', 'mobile', 'interests']);
    expect(preview.sharedCourses).toEqual([{ id: t.courses.excel, name: 'Excel' }]);
    expect(preview.conflictingMarks).toBe(1);
  });

  it('refuses the same record twice and a record that does not exist', async () => {
    const t = await mergeFixture();
    expect(await t.fail('participants:mergePreview', { keepId: t.keepId, mergeId: t.keepId })).toEqual({
      code: 'VALIDATION',
      message: 'Noen felt er ikke riktig utfylt.',
      fields: { mergeId: 'Velg to forskjellige personer.' },
    });
    expect(await t.fail('participants:mergePreview', { keepId: t.keepId, mergeId: randomUUID() })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('merging two records of one person', () => {
  it('moves everything to the kept record, keeps the chosen values, lists the conflicts and erases the other with a tombstone', async () => {
    const t = await mergeFixture();
    const db = coreDatabase(t.core);
    const certificateId = insertCertificate(db, t.mergeId, t.courses.data);
    const request = await t.ok('requests:create', { participantId: t.mergeId, kind: 'restriction', channel: 'letter', receivedOn: '2025-04-19' });
    // A reason for a change after sign-off, and a disclosure of the merged record.
    await t.ok('attendance:signOff', { sessionId: t.sessions.data[0]! });
    await t.ok('attendance:mark', { sessionId: t.sessions.data[0]!, participantId: t.mergeId, status: 'late', hours: 1, reason: 'Kom 10.00' });
    db.prepare(`INSERT INTO disclosures (id, kind, course_id, recipient, at, actor_id, device_id) VALUES ('d1', 'attendanceList', ?, 'FrontCore', ?, 'a', 'dev')`).run(
      t.courses.data,
      '2025-04-19T10:00:00.000Z',
    );
    db.prepare(`INSERT INTO disclosure_participants (disclosure_id, participant_id) VALUES ('d1', ?)`).run(t.mergeId);

    const result = await t.ok('participants:merge', { keepId: t.keepId, mergeId: t.mergeId, take: { email: 'merge', mobile: 'keep' } });
    expect(result).toEqual({
      participantId: t.keepId,
      conflicts: [{ sessionId: t.sessions.excel[0]!, courseId: t.courses.excel, date: '2025-04-01' }],
    });

    // The chosen values: the merged record's e-mail, everything else the kept record's.
    const person = await t.ok('participants:get', { courseId: t.courses.data, participantId: t.keepId });
    expect(person).toMatchObject({ lastName: 'Nordmann', email: 'kari@privat.no', mobile: '+4791234567', interests: 'Regnskap' });
    // Enrollments: the merged record's course moved; in the shared course the kept enrollment stayed.
    expect(person.enrollment.source).toBe('self');
    expect((await t.ok('participants:get', { courseId: t.courses.excel, participantId: t.keepId })).enrollment.source).toBe('teacher');
    for (const courseId of Object.values(t.courses)) {
      const ids = (await t.ok('participants:listByCourse', { courseId })).map((p) => p.participantId);
      expect(ids, courseId).toEqual([t.keepId]);
    }
    // Marks: the kept record's wins on the conflict; the others moved.
    const marks = db
      .prepare('SELECT session_id, status FROM attendance_marks WHERE participant_id = ? ORDER BY session_id')
      .all(t.keepId) as { session_id: string; status: string }[];
    expect(new Map(marks.map((m) => [m.session_id, m.status]))).toEqual(
      new Map([
        [t.sessions.excel[0]!, 'present'],
        [t.sessions.excel[1]!, 'excused'],
        [t.sessions.data[0]!, 'late'],
      ]),
    );
    // Certificates, consents, requests, change reasons and disclosures moved.
    expect(db.prepare('SELECT participant_id FROM certificates WHERE id = ?').get(certificateId)).toEqual({ participant_id: t.keepId });
    expect(person.consent.history.map((e) => [e.kind, e.method])).toEqual([['given', 'paper']]);
    expect(person.consent.keepAfterCourse).toBe(true);
    expect((await t.ok('requests:list', { participantId: t.keepId })).map((r) => r.id)).toEqual([request.id]);
    expect(person.restricted).toBe(true);
    expect(db.prepare('SELECT participant_id, reason FROM attendance_change_reasons').all()).toEqual([{ participant_id: t.keepId, reason: 'Kom 10.00' }]);
    expect(db.prepare('SELECT participant_id FROM disclosure_participants').all()).toEqual([{ participant_id: t.keepId }]);

    // The merged record is gone, with tombstones for it and for its enrollment in the shared course.
    expect(db.prepare('SELECT count(*) AS n FROM participants WHERE id = ?').get(t.mergeId)).toEqual({ n: 0 });
    const tombstones = db.prepare('SELECT entity, entity_id, cause FROM tombstones ORDER BY entity').all() as { entity: string; entity_id: string; cause: string }[];
    expect(tombstones.map((s) => [s.entity, s.cause])).toEqual([
      ['enrollment', 'merge'],
      ['participant', 'merge'],
    ]);
    expect(tombstones[1]!.entity_id).toBe(t.mergeId);
    expect(await t.fail('participants:mergePreview', { keepId: t.keepId, mergeId: t.mergeId })).toMatchObject({ code: 'NOT_FOUND' });
    // Search finds the person by the e-mail taken over, and only once.
    expect((await t.ok('participants:search', { query: 'kari@privat.no' })).map((h) => h.participantId)).toEqual([t.keepId]);

    // Audited with ids and field names only.
    expect(db.prepare(`SELECT entity, entity_id, fields, detail FROM audit_log WHERE action = 'merge'`).all()).toEqual([
      { entity: 'participant', entity_id: t.keepId, fields: '["email"]', detail: `merged ${t.mergeId}` },
    ]);
    const audit = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    for (const personal of ['Nordman', 'kari@privat.no', 'kari@jobb.no', 'Kom 10.00']) expect(audit).not.toContain(personal);
  });

  it('keeps the latest consent answer of either record', async () => {
    const t = await mergeFixture();
    // The kept record withdraws its consent after the merged one gave it: "no" is the answer now.
    const course = t.courses.norsk;
    const current = await t.ok('participants:get', { courseId: course, participantId: t.keepId });
    t.clock.advance(60_000);
    await t.ok('participants:update', {
      courseId: course,
      participantId: t.keepId,
      participant: sampleParticipant({ email: current.email!, mobile: current.mobile!, interests: 'Regnskap', consent: { keepAfterCourse: true, method: 'form' } }),
      enrollment: { source: 'teacher' },
    });
    t.clock.advance(60_000);
    await t.ok('participants:update', {
      courseId: course,
      participantId: t.keepId,
      participant: sampleParticipant({ email: current.email!, mobile: current.mobile!, interests: 'Regnskap', consent: { keepAfterCourse: false } }),
      enrollment: { source: 'teacher' },
    });
    await t.ok('participants:merge', { keepId: t.keepId, mergeId: t.mergeId });
    const merged = await t.ok('participants:get', { courseId: course, participantId: t.keepId });
    expect(merged.consent.history.map((e) => e.kind)).toEqual(['given', 'given', 'withdrawn']);
    expect(merged.consent.keepAfterCourse).toBe(false);
  });

  it('carries "not the same person" choices over to the kept record, and drops the one between the two', async () => {
    const t = await mergeFixture();
    const db = coreDatabase(t.core);
    const third = await t.ok('participants:register', {
      courseId: t.courses.norsk,
      participant: sampleParticipant({ lastName: 'Nordman', email: 'annen@example.no', mobile: undefined }),
      enrollment: { source: 'teacher' },
      notDuplicateOf: [t.mergeId],
    });
    const pair = (a: string, b: string) => (a < b ? [a, b] : [b, a]);
    const insertPair = (a: string, b: string) =>
      db
        .prepare(`INSERT INTO participant_distinct (id, participant_a, participant_b, decided_by, created_at, updated_at, device_id) VALUES (?, ?, ?, 'x', 'now', 'now', 'd')`)
        .run(randomUUID(), ...pair(a, b));
    insertPair(t.keepId, t.mergeId);
    await t.ok('participants:merge', { keepId: t.keepId, mergeId: t.mergeId });
    const pairs = db.prepare('SELECT participant_a, participant_b FROM participant_distinct').all() as { participant_a: string; participant_b: string }[];
    expect(pairs.map((p) => [p.participant_a, p.participant_b])).toEqual([pair(t.keepId, third.participantId)]);
  });

  it('refuses the same record twice, a record that does not exist, and a result without contact; nothing changes', async () => {
    const t = await mergeFixture();
    coreDatabase(t.core).pragma('wal_checkpoint(TRUNCATE)');
    const before = databaseDigest(t.dir);
    expect(await t.fail('participants:merge', { keepId: t.keepId, mergeId: t.keepId })).toMatchObject({
      code: 'VALIDATION',
      fields: { mergeId: 'Velg to forskjellige personer.' },
    });
    expect(await t.fail('participants:merge', { keepId: t.keepId, mergeId: randomUUID() })).toEqual({
      code: 'NOT_FOUND',
      message: 'Fant ikke det du ba om. Det kan være slettet.',
    });
    expect(await t.fail('participants:merge', { keepId: randomUUID(), mergeId: t.mergeId })).toMatchObject({ code: 'NOT_FOUND' });
    // The merged record has no mobile; taking it and dropping the kept e-mail would leave no way to reach her.
    const t2 = await t.ok('participants:update', {
      courseId: t.courses.norsk,
      participantId: t.keepId,
      participant: sampleParticipant({ email: undefined, mobile: '912 34 567', interests: 'Regnskap' }),
      enrollment: { source: 'teacher' },
    });
    expect(t2.email).toBeNull();
    coreDatabase(t.core).pragma('wal_checkpoint(TRUNCATE)');
    const beforeContact = databaseDigest(t.dir);
    expect(await t.fail('participants:merge', { keepId: t.keepId, mergeId: t.mergeId, take: { mobile: 'merge' } })).toMatchObject({
      code: 'VALIDATION',
      fields: {
        'take.email': 'Oppgi e-postadresse eller mobilnummer (minst ett av dem).',
        'take.mobile': 'Oppgi e-postadresse eller mobilnummer (minst ett av dem).',
      },
    });
    expect(databaseDigest(t.dir)).toEqual(beforeContact);
    expect(before).not.toEqual(beforeContact); // the digests do see a change
    expect((await t.ok('participants:listByCourse', { courseId: t.courses.data })).map((p) => p.participantId)).toEqual([t.mergeId]);
  });

  it('refuses to drop the address a trade-certificate course needs', async () => {
    const t = await createUnlockedCore();
    const fagbrev = await t.ok('courses:create', sampleCourse('fagbrev'));
    const other = await t.ok('courses:create', sampleCourse('other'));
    const keep = await t.ok('participants:register', { courseId: other.id, participant: sampleParticipant({ lastName: 'Nordman' }), enrollment: { source: 'teacher' } });
    const merge = await t.ok('participants:register', {
      courseId: fagbrev.id,
      participant: sampleParticipant({ address: SAMPLE_ADDRESS }),
      enrollment: { source: 'teacher' },
    });
    expect(await t.fail('participants:merge', { keepId: keep.participantId, mergeId: merge.participantId, take: { address: 'keep' } })).toMatchObject({
      code: 'VALIDATION',
      fields: { 'take.address': 'Adresse må fylles ut for fagbrevkurs.' },
    });
    await t.ok('participants:merge', { keepId: keep.participantId, mergeId: merge.participantId, take: { address: 'merge' } });
    expect((await t.ok('participants:get', { courseId: fagbrev.id, participantId: keep.participantId })).address).toEqual(SAMPLE_ADDRESS);
  });
});
