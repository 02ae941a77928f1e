import type { Core } from '../../../main/core/index';
import type { CourseType } from '../../../main/contract/types';
import { createUnlockedCore, dispatchOk, SAMPLE_ADDRESS, sampleCourse, sampleParticipant } from '../support/core';
import type { TestClock } from '../support/core';
import { PEOPLE } from '../support/people';

export interface AttendanceFixture {
  core: Core;
  clock: TestClock;
  courseId: string;
  participantIds: string[];
  /** Session ids in date order. */
  sessionIds: string[];
}

export interface AttendanceFixtureOptions {
  type?: CourseType;
  /** The employer that registers each person, in PEOPLE order; a person without one is registered by the teacher. */
  employers?: readonly (string | null)[];
}

/**
 * A running course (Tuesdays and Thursdays 09.00–11.30 in April 2025) with
 * `count` enrolled participants; the clock stands on 2025-04-20.
 */
export async function attendanceFixture(count = 12, { type = 'other', employers = [] }: AttendanceFixtureOptions = {}): Promise<AttendanceFixture> {
  const { core, clock } = await createUnlockedCore();
  clock.set('2025-04-20T10:00:00.000Z');
  const course = await dispatchOk(
    core,
    'courses:create',
    sampleCourse(type, { startDate: '2025-04-01', endDate: '2025-04-30', plannedHours: 22.5, status: 'running' }),
  );
  const participantIds: string[] = [];
  for (const [i, [firstName, lastName]] of PEOPLE.slice(0, count).entries()) {
    const employerName = employers[i] ?? null;
    const p = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName, lastName, email: undefined, ...(type === 'fagbrev' ? { address: SAMPLE_ADDRESS } : {}) }),
      enrollment: employerName === null ? { source: 'teacher' } : { source: 'employer', employerName },
    });
    participantIds.push(p.participantId);
  }
  const plan = await dispatchOk(core, 'sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09.00', endTime: '11.30' });
  return { core, clock, courseId: course.id, participantIds, sessionIds: plan.sessions.map((s) => s.id) };
}
