import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecast } from '../../../main/core/services/forecast';
import { dispatchOk } from '../support/core';
import { attendanceFixture } from '../attendance/helpers';

/**
 * The requirement forecast (issue 12, item 6), against a brute-force oracle:
 * try every subset of the open sessions the person could still attend. The
 * requirement can be reached when some subset reaches it, and every open
 * session is needed when only the whole set does. Rates are compared in
 * whole minutes, where sums are exact, so the oracle shares no float
 * arithmetic with the code under test.
 */

/** Session lengths in minutes, as the app makes them (whole minutes, up to 8 hours). */
const minutes = fc.integer({ min: 15, max: 480 });

function oracle(requiredPercent: number, plannedMinutes: number, attendedMinutes: number, openMinutes: number[]) {
  // attended/planned >= required/100  <=>  100·attended >= required·planned (integers when required is whole).
  const reaches = (extra: number) => 100 * (attendedMinutes + extra) >= requiredPercent * plannedMinutes;
  let reachable = false;
  let reachableWithoutOne = false;
  const all = openMinutes.reduce((a, b) => a + b, 0);
  for (let subset = 0; subset < 1 << openMinutes.length; subset++) {
    const extra = openMinutes.reduce((sum, m, i) => (subset & (1 << i) ? sum + m : sum), 0);
    if (!reaches(extra)) continue;
    reachable = true;
    if (subset !== (1 << openMinutes.length) - 1) reachableWithoutOne = true;
  }
  return { cannotReach: !reachable, mustAttendAll: reachable && !reachableWithoutOne && openMinutes.length > 0, maxRate: (attendedMinutes + all) / plannedMinutes };
}

describe('requirement forecast', () => {
  it('"cannot reach" is true exactly when the best possible rate is below the requirement; "must attend all" when no open session can be missed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.array(minutes, { minLength: 1, maxLength: 10 }),
        fc.array(fc.constantFrom('open', 'attended', 'late', 'missed'), { minLength: 10, maxLength: 10 }),
        fc.array(fc.integer({ min: 0, max: 480 }), { minLength: 10, maxLength: 10 }),
        (requiredPercent, sessionMinutes, fates, lateMinutes) => {
          const planned = sessionMinutes.reduce((a, b) => a + b, 0);
          let attended = 0;
          const open: number[] = [];
          sessionMinutes.forEach((m, i) => {
            if (fates[i] === 'open') open.push(m);
            if (fates[i] === 'attended') attended += m;
            if (fates[i] === 'late') attended += Math.min(lateMinutes[i]!, m);
          });
          // The app works in hours (minutes / 60, as sessions.ts computes them).
          const result = forecast({
            requiredPercent,
            plannedHours: planned / 60,
            attendedHours: attended / 60,
            openHours: open.map((m) => m / 60),
          });
          const expected = oracle(requiredPercent, planned, attended, open);
          expect(result.cannotReach).toBe(expected.cannotReach);
          expect(result.cannotReach).toBe(expected.maxRate * 100 < requiredPercent);
          expect(result.mustAttendAll).toBe(expected.mustAttendAll);
          expect(result.maxRate).toBeCloseTo(expected.maxRate, 12);
          expect(result.openSessions).toBe(open.length);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('meets the requirement exactly at the boundary (as the certificate counts it), and has no rate without sessions', () => {
    // 3 of 4 sessions of 2.5 hours is exactly 75 %.
    expect(forecast({ requiredPercent: 75, plannedHours: 10, attendedHours: 5, openHours: [2.5] })).toEqual({
      maxRate: 0.75,
      cannotReach: false,
      mustAttendAll: true,
      openSessions: 1,
    });
    expect(forecast({ requiredPercent: 75, plannedHours: 10, attendedHours: 4.99, openHours: [2.5] }).cannotReach).toBe(true);
    expect(forecast({ requiredPercent: 75, plannedHours: 0, attendedHours: 0, openHours: [] })).toEqual({
      maxRate: null,
      cannotReach: false,
      mustAttendAll: false,
      openSessions: 0,
    });
  });

  it('shows in the overview: counted on every planned session, late hours as marked, notices closing a session', async () => {
    // Nine sessions of 2.5 hours (22.5); 75 % is 16.875 hours. Six held, three to come.
    const { core, sessionIds, participantIds } = await attendanceFixture(4);
    const [all, twoOff, threeOff, late] = participantIds as [string, string, string, string];
    const courseId = (await dispatchOk(core, 'attendance:roll', { sessionId: sessionIds[0]! })).session.courseId;
    for (const [i, sessionId] of sessionIds.slice(0, 6).entries()) {
      await dispatchOk(core, 'attendance:mark', { sessionId, participantId: all, status: 'present' });
      await dispatchOk(core, 'attendance:mark', { sessionId, participantId: twoOff, status: i < 2 ? 'absent' : 'present' });
      await dispatchOk(core, 'attendance:mark', { sessionId, participantId: threeOff, status: i < 3 ? 'excused' : 'present', ...(i < 3 ? { absenceReason: 'illness' as const } : {}) });
      await dispatchOk(core, 'attendance:mark', { sessionId, participantId: late, ...(i < 2 ? { status: 'late' as const, hours: 1 } : { status: 'present' as const }) });
    }
    const row = async (id: string) => (await dispatchOk(core, 'attendance:overview', { courseId })).rows.find((r) => r.participantId === id)!.forecast;
    // 15 + 7.5 = 22.5: fine, may miss one.
    expect(await row(all)).toEqual({ maxRate: 1, cannotReach: false, mustAttendAll: false, openSessions: 3 });
    // 10 + 7.5 = 17.5 ≥ 16.875, but 15 without one session: must attend all three.
    expect(await row(twoOff)).toMatchObject({ cannotReach: false, mustAttendAll: true, openSessions: 3 });
    // 7.5 + 7.5 = 15 < 16.875: cannot reach.
    expect(await row(threeOff)).toMatchObject({ maxRate: 15 / 22.5, cannotReach: true, mustAttendAll: false });
    // Late twice with 1 hour: 2 + 10 + 7.5 = 19.5; without one open session 17 ≥ 16.875: may still miss one.
    expect(await row(late)).toMatchObject({ cannotReach: false, mustAttendAll: false });
    // A notice for one of the three closes it: now every remaining one is needed.
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[8]!, participantId: late, reason: 'work' });
    expect(await row(late)).toMatchObject({ maxRate: 17 / 22.5, cannotReach: false, mustAttendAll: true, openSessions: 2 });
    // A second notice: 14.5 < 16.875.
    await dispatchOk(core, 'attendance:addNotice', { sessionId: sessionIds[7]!, participantId: late, reason: 'work' });
    expect(await row(late)).toMatchObject({ cannotReach: true, openSessions: 1 });
  });
});
