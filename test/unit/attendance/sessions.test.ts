import { describe, expect, it } from 'vitest';
import { dispatchError, dispatchOk } from '../support/core';
import { coreDatabase } from '../support/storage';
import { attendanceFixture } from './helpers';
import { hoursBetween, isoWeekday } from '../../../main/core/services/sessions';

describe('sessions (økter)', () => {
  it('generates Tuesdays and Thursdays 09.00–11.30 across the course period', async () => {
    const { core, courseId } = await attendanceFixture(1);
    const plan = await dispatchOk(core, 'sessions:list', { courseId });
    // April 2025: Tuesdays 1, 8, 15, 22, 29 and Thursdays 3, 10, 17, 24 → 9 sessions of 2.5 hours.
    expect(plan.sessions.map((s) => s.date)).toEqual([
      '2025-04-01', '2025-04-03', '2025-04-08', '2025-04-10', '2025-04-15',
      '2025-04-17', '2025-04-22', '2025-04-24', '2025-04-29',
    ]);
    expect(plan.sessions.every((s) => s.startTime === '09:00' && s.endTime === '11:30' && s.hours === 2.5)).toBe(true);
    expect(plan.sessionHours).toBe(22.5);
    expect(plan.differs).toBe(false);
  });

  it('does not duplicate sessions when the pattern is generated again', async () => {
    const { core, courseId } = await attendanceFixture(1);
    const again = await dispatchOk(core, 'sessions:generate', { courseId, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' });
    expect(again.sessions).toHaveLength(9);
  });

  it('cancelled sessions do not count toward planned hours, and a mismatch is flagged', async () => {
    const { core, courseId, sessionIds } = await attendanceFixture(1);
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[0]!, cancelled: true });
    const plan = await dispatchOk(core, 'sessions:list', { courseId });
    expect(plan.sessionHours).toBe(20);
    expect(plan.coursePlannedHours).toBe(22.5);
    expect(plan.differs).toBe(true);
    await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[0]!, cancelled: false });
    expect((await dispatchOk(core, 'sessions:list', { courseId })).differs).toBe(false);
  });

  it('adds and moves single sessions, recomputing hours', async () => {
    const { core, courseId } = await attendanceFixture(1);
    const added = await dispatchOk(core, 'sessions:add', { courseId, date: '2025-04-05', startTime: '10:00', endTime: '13:15' });
    expect(added.hours).toBe(3.25);
    const moved = await dispatchOk(core, 'sessions:move', { sessionId: added.id, date: '2025-04-06', startTime: '12:00', endTime: '13:00' });
    expect(moved).toMatchObject({ date: '2025-04-06', hours: 1 });
  });

  it('refuses bad times, no weekdays and dates outside the course, with Norwegian field errors', async () => {
    const { core, courseId } = await attendanceFixture(1);
    const before = await dispatchOk(core, 'sessions:list', { courseId });
    expect((await dispatchError(core, 'sessions:generate', { courseId, weekdays: [], startTime: '09:00', endTime: '10:00' })).fields).toEqual({
      weekdays: 'Velg minst én ukedag.',
    });
    expect((await dispatchError(core, 'sessions:add', { courseId, date: '2025-04-05', startTime: '25:00', endTime: '10:00' })).fields).toMatchObject({
      startTime: expect.stringContaining('Ugyldig klokkeslett') as string,
    });
    expect((await dispatchError(core, 'sessions:add', { courseId, date: '2025-04-05', startTime: '11:00', endTime: '10:00' })).fields).toEqual({
      endTime: 'Sluttid må være etter starttid.',
    });
    expect((await dispatchError(core, 'sessions:add', { courseId, date: '2025-05-05', startTime: '09:00', endTime: '10:00' })).fields).toEqual({
      date: 'Datoen ligger utenfor kursperioden.',
    });
    expect(await dispatchOk(core, 'sessions:list', { courseId })).toEqual(before);
  });

  it('computes 60-minute hours and ISO weekdays', () => {
    expect(hoursBetween('09:00', '11:30')).toBe(2.5);
    expect(hoursBetween('08:15', '09:00')).toBe(0.75);
    expect(isoWeekday('2025-04-07')).toBe(1); // Monday
    expect(isoWeekday('2025-04-13')).toBe(7); // Sunday
  });
});

describe('a signed-off session cannot be cancelled without a trail', () => {
  it('asks for a reason, keeps it on the session and out of the audit log, and the totals change only then', async () => {
    const { core, courseId, sessionIds, participantIds } = await attendanceFixture(2);
    const sessionId = sessionIds[0]!;
    await dispatchOk(core, 'attendance:markAllPresent', { sessionId });
    await dispatchOk(core, 'attendance:signOff', { sessionId });
    const hoursOf = async () => (await dispatchOk(core, 'attendance:overview', { courseId })).rows.map((r) => r.hoursAttended);
    const before = await hoursOf();

    const refused = await dispatchError(core, 'sessions:setCancelled', { sessionId, cancelled: true });
    expect(refused.code).toBe('VALIDATION');
    expect(refused.fields).toEqual({ reason: 'Listen for økten er signert. Oppgi en begrunnelse for å avlyse den.' });
    expect(await dispatchError(core, 'sessions:setCancelled', { sessionId, cancelled: true, reason: '   ' })).toMatchObject({ code: 'VALIDATION' });
    expect(await hoursOf()).toEqual(before);
    expect((await dispatchOk(core, 'sessions:list', { courseId })).sessions[0]).toMatchObject({ cancelled: false, cancelReason: null });

    const reason = 'Læreren var syk; timen tas igjen 30.04';
    const cancelled = await dispatchOk(core, 'sessions:setCancelled', { sessionId, cancelled: true, reason });
    expect(cancelled).toMatchObject({ cancelled: true, cancelReason: reason });
    expect(await hoursOf()).not.toEqual(before);
    // Restoring changes signed totals too: a reason again.
    expect((await dispatchError(core, 'sessions:setCancelled', { sessionId, cancelled: false })).code).toBe('VALIDATION');
    await dispatchOk(core, 'sessions:setCancelled', { sessionId, cancelled: false, reason: 'Avlyst ved en feil' });
    expect(await hoursOf()).toEqual(before);

    const audit = coreDatabase(core)
      .prepare("SELECT action, fields, detail FROM audit_log WHERE entity = 'session' AND entity_id = ? AND action IN ('cancel', 'restore') ORDER BY at")
      .all(sessionId) as { action: string; fields: string; detail: string }[];
    expect(audit.map((a) => [a.action, a.detail])).toEqual([
      ['cancel', 'after sign-off; reason given'],
      ['restore', 'after sign-off; reason given'],
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/syk|feil/);
    expect(participantIds).toHaveLength(2);
  });

  it('a session that is not signed off is cancelled without a reason, as before', async () => {
    const { core, sessionIds } = await attendanceFixture(1);
    expect(await dispatchOk(core, 'sessions:setCancelled', { sessionId: sessionIds[1]!, cancelled: true })).toMatchObject({ cancelled: true, cancelReason: null });
  });
});
