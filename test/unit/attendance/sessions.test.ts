import { describe, expect, it } from 'vitest';
import { dispatchError, dispatchOk } from '../support/core';
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
