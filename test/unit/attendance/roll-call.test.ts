import { describe, expect, it } from 'vitest';
import { dispatchError, dispatchOk, sampleCourse, sampleParticipant } from '../support/core';
import { coreDatabase } from '../support/storage';
import { attendanceFixture } from './helpers';

describe('roll call', () => {
  it('lists enrolled participants in Norwegian alphabetical order, unmarked at first', async () => {
    const { core, sessionIds } = await attendanceFixture(12);
    const roll = await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[0]! });
    expect(roll.rows).toHaveLength(12);
    // æ, ø and å come after z, as in the Norwegian alphabet.
    expect(roll.rows.map((r) => r.lastName)).toEqual([
      'Aas', 'Berg', 'Dahl', 'Hansen', 'Haugen', 'Lie', 'Løvås', 'Moe', 'Nordmann', 'Strøm', 'Æsland', 'Ødegård',
    ]);
    expect(roll.rows.every((r) => r.status === null && r.hours === null)).toBe(true);
  });

  it('defaults hours to the session when present, 0 when absent or excused; keeps given hours', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(4);
    const sessionId = sessionIds[0]!;
    const [a, b, c, d] = participantIds as [string, string, string, string];
    expect((await dispatchOk(core, 'attendance:mark', { sessionId, participantId: a, status: 'present' })).hours).toBe(2.5);
    expect((await dispatchOk(core, 'attendance:mark', { sessionId, participantId: b, status: 'late', hours: 1.5 })).hours).toBe(1.5);
    expect((await dispatchOk(core, 'attendance:mark', { sessionId, participantId: c, status: 'absent' })).hours).toBe(0);
    expect((await dispatchOk(core, 'attendance:mark', { sessionId, participantId: d, status: 'excused', note: 'Syk' })).hours).toBe(0);
    const roll = await dispatchOk(core, 'attendance:roll', { sessionId });
    const byId = new Map(roll.rows.map((r) => [r.participantId, r]));
    expect(byId.get(b)).toMatchObject({ status: 'late', hours: 1.5 });
    expect(byId.get(d)).toMatchObject({ status: 'excused', hours: 0, note: 'Syk' });
  });

  it('two quick marks on the same row end in the last one', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(1);
    const sessionId = sessionIds[0]!;
    const participantId = participantIds[0]!;
    await Promise.all([
      core.dispatch('attendance:mark', { sessionId, participantId, status: 'absent' }),
      core.dispatch('attendance:mark', { sessionId, participantId, status: 'late', hours: 2 }),
    ]);
    const roll = await dispatchOk(core, 'attendance:roll', { sessionId });
    expect(roll.rows[0]).toMatchObject({ status: 'late', hours: 2 });
  });

  it('"all present" marks only those not yet marked', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(12);
    const sessionId = sessionIds[1]!;
    await dispatchOk(core, 'attendance:mark', { sessionId, participantId: participantIds[0]!, status: 'absent' });
    const roll = await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
    expect(roll.rows.filter((r) => r.status === 'present')).toHaveLength(11);
    expect(roll.rows.find((r) => r.participantId === participantIds[0])).toMatchObject({ status: 'absent', hours: 0 });
  });

  it('undo removes a mark', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(1);
    const sessionId = sessionIds[0]!;
    await dispatchOk(core, 'attendance:mark', { sessionId, participantId: participantIds[0]!, status: 'present' });
    await dispatchOk(core, 'attendance:unmark', { sessionId, participantId: participantIds[0]! });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId })).rows[0]!.status).toBeNull();
  });

  it('refuses bad marks with a clear error and changes nothing', async () => {
    const { core, courseId, sessionIds, participantIds } = await attendanceFixture(2);
    const sessionId = sessionIds[0]!;
    const participantId = participantIds[0]!;
    const other = await dispatchOk(core, 'courses:create', sampleCourse('other', { name: 'Annet kurs' }));
    const stranger = await dispatchOk(core, 'participants:register', {
      courseId: other.id,
      participant: sampleParticipant({ firstName: 'Frida', lastName: 'Fremmed' }),
      enrollment: { source: 'self' },
    });
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[1]!, cancelled: true });
    const before = await dispatchOk(core, 'attendance:overview', { courseId });

    expect((await dispatchError(core, 'attendance:mark', { sessionId, participantId: stranger.participantId, status: 'present' })).code).toBe('NOT_ENROLLED');
    expect((await dispatchError(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId, status: 'present' })).code).toBe('SESSION_CANCELLED');
    expect((await dispatchError(core, 'attendance:mark', { sessionId: crypto.randomUUID(), participantId, status: 'present' })).code).toBe('NOT_FOUND');
    expect((await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'present', hours: -1 })).fields).toEqual({
      hours: 'Timer kan ikke være under 0.',
    });
    expect((await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'present', hours: 3 })).fields).toEqual({
      hours: 'Timer kan ikke være flere enn øktens timer.',
    });
    expect((await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'absent', hours: 1 })).fields).toEqual({
      hours: 'Den som ikke har møtt, har 0 timer.',
    });
    expect((await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'sleeping' })).fields).toHaveProperty('status');
    expect(await dispatchOk(core, 'attendance:overview', { courseId })).toEqual(before);
  });

  it('asks for confirmation before marking a future session', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(1);
    const future = sessionIds.at(-1)!; // 29 April, after the clock's 20 April
    const refused = await dispatchError(core, 'attendance:mark', { sessionId: future, participantId: participantIds[0]!, status: 'present' });
    expect(refused).toMatchObject({ code: 'CONFIRM_FUTURE', message: expect.stringContaining('Bekreft') as string });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId: future })).inFuture).toBe(true);
    await dispatchOk(core, 'attendance:mark', { sessionId: future, participantId: participantIds[0]!, status: 'present', confirmFuture: true });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId: future })).rows[0]!.status).toBe('present');
  });
});

describe('sign-off', () => {
  it('after sign-off a change needs a reason, kept with the person; the audit log says only that one was given', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(3);
    const sessionId = sessionIds[0]!;
    await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
    const signed = await dispatchOk(core, 'attendance:signOff', { sessionId });
    expect(signed.session.signedOffAt).not.toBeNull();

    const participantId = participantIds[0]!;
    const refused = await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'late', hours: 1 });
    expect(refused.fields).toEqual({ reason: 'Listen er signert. Oppgi en begrunnelse for endringen.' });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId })).rows.find((r) => r.participantId === participantId)?.status).toBe('present');

    await dispatchOk(core, 'attendance:mark', { sessionId, participantId, status: 'late', hours: 1, reason: 'Kom 09.30, rettet etter samtale' });
    const db = coreDatabase(core);
    const entry = db
      .prepare(`SELECT * FROM audit_log WHERE action = 'mark' AND entity_id = ? ORDER BY at DESC, rowid DESC LIMIT 1`)
      .get(participantId) as Record<string, unknown>;
    // The reason may describe the person: it goes with them (attendance_change_reasons), the audit log says only that one was given.
    expect(entry.detail).toBe(`session ${sessionId}: present→late; reason given`);
    expect(db.prepare('SELECT session_id, participant_id, reason FROM attendance_change_reasons').all()).toEqual([
      { session_id: sessionId, participant_id: participantId, reason: 'Kom 09.30, rettet etter samtale' },
    ]);
    expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain('Kom 09.30');
    expect(entry.actor_id).toMatch(/^[0-9a-f-]{36}$/);
    // Removing a mark after sign-off keeps its reason the same way.
    await dispatchOk(core, 'attendance:unmark', { sessionId, participantId: participantIds[1]!, reason: 'Feil person krysset av' });
    const reasons = db
      .prepare('SELECT session_id, participant_id, reason, actor_id FROM attendance_change_reasons ORDER BY at, rowid')
      .all() as { session_id: string; participant_id: string; reason: string; actor_id: string }[];
    expect(reasons).toEqual([
      { session_id: sessionId, participant_id: participantId, reason: 'Kom 09.30, rettet etter samtale', actor_id: entry.actor_id },
      { session_id: sessionId, participant_id: participantIds[1]!, reason: 'Feil person krysset av', actor_id: entry.actor_id },
    ]);
    const allAudit = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    for (const personal of ['Ødegård', 'Hansen', 'Æsland', 'Åse', '+4791234567', 'Kom 09.30', 'Feil person']) expect(allAudit).not.toContain(personal);
    // A change before sign-off needs no reason and stores none.
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[1]!, participantId, status: 'absent', reason: 'ikke signert ennå' });
    expect(db.prepare('SELECT count(*) AS n FROM attendance_change_reasons WHERE session_id = ?').get(sessionIds[1]!)).toEqual({ n: 0 });
  });
});

describe('late never silently counts as full attendance', () => {
  it('refuses a late mark without the hours attended, and writes nothing', async () => {
    const { core, sessionIds, participantIds } = await attendanceFixture(1);
    const sessionId = sessionIds[0]!;
    const participantId = participantIds[0]!;
    const refused = await dispatchError(core, 'attendance:mark', { sessionId, participantId, status: 'late' });
    expect(refused).toMatchObject({ code: 'VALIDATION', fields: { hours: 'Oppgi hvor mange timer deltakeren var til stede.' } });
    expect((await dispatchOk(core, 'attendance:roll', { sessionId })).rows[0]).toMatchObject({ status: null, hours: null });
    // With the hours, any share of the session, including none and all of it.
    for (const hours of [0, 0.25, 1.75, 2.5]) {
      expect((await dispatchOk(core, 'attendance:mark', { sessionId, participantId, status: 'late', hours })).hours).toBe(hours);
    }
  });

  it('the overview points out late marks that still carry the full hours of their session', async () => {
    const { core, courseId, sessionIds, participantIds } = await attendanceFixture(3);
    const [full, partial, onTime] = participantIds as [string, string, string];
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: full, status: 'late', hours: 2.5 });
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[2]!, participantId: full, status: 'late', hours: 1 });
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: partial, status: 'late', hours: 2 });
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[0]!, participantId: onTime, status: 'present' });
    // A mark from before this rule, stored with the session's hours by default.
    coreDatabase(core)
      .prepare(`UPDATE attendance_marks SET status = 'late', hours = 2.5 WHERE session_id = ? AND participant_id = ?`)
      .run(sessionIds[0]!, onTime);
    await dispatchOk(core, 'attendance:mark', { sessionId: sessionIds[3]!, participantId: partial, status: 'present' });
    const rows = new Map((await dispatchOk(core, 'attendance:overview', { courseId })).rows.map((r) => [r.participantId, r]));
    expect(rows.get(full)!.lateAtFullHours).toEqual([0]);
    expect(rows.get(partial)!.lateAtFullHours).toEqual([]);
    expect(rows.get(onTime)!.lateAtFullHours).toEqual([0]);
  });
});
