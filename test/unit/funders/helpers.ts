import { onTestFinished } from 'vitest';
import type { Core } from '../../../main/core/index';
import type { Gender } from '../../../main/contract/types';
import { createUnlockedCore, dispatchOk, sampleCourse } from '../support/core';
import type { TestClock } from '../support/core';

export const FUNDER = { name: 'Kompetanse Norge', reference: 'KP-2025/0042' } as const;

/** The people of the Kompetansepluss course: birth dates on the age bands' edges at the start (1 April 2025). */
export const PEOPLE = {
  ase: { firstName: 'Åse', lastName: 'Ødegård', birthDate: '2005-04-02', gender: 'female', employer: 'Bøler Bygg AS', email: 'aase@bøler.no', mobile: '912 34 567' },
  per: { firstName: 'Per', lastName: 'Hansen', birthDate: '2005-04-01', gender: 'male', employer: 'Hansens Transport AS', email: 'per@example.no', mobile: '987 65 432' },
  mei: { firstName: 'Mei Ling', lastName: 'Chen', birthDate: '1965-04-01', gender: 'unspecified', employer: 'Bøler Bygg AS', email: 'mei@example.no', mobile: '913 00 001' },
  ola: { firstName: 'Ola', lastName: 'Nordmann', birthDate: '1965-04-02', gender: 'male', employer: 'Ålesund Havn KF', email: 'ola@example.no', mobile: '913 00 002' },
  rita: { firstName: 'Rita', lastName: 'Restrikt', birthDate: '1990-01-01', gender: 'female', employer: 'Bøler Bygg AS', email: 'rita@example.no', mobile: '913 00 003' },
} as const satisfies Record<string, { firstName: string; lastName: string; birthDate: string; gender: Gender; employer: string; email: string; mobile: string }>;

export type PersonKey = keyof typeof PEOPLE;

export interface FunderFixture {
  core: Core;
  clock: TestClock;
  courseId: string;
  ids: Record<PersonKey, string>;
  /** Tuesdays and Thursdays 09.00–11.30 in April 2025: nine sessions of 2.5 hours. */
  sessionIds: string[];
  unexpected: unknown[];
}

/**
 * A Kompetansepluss course from 1 to 30 April 2025 (22.5 planned hours, 75 %
 * required), with its funder and reference, and five people registered by
 * their employers. The clock stands on 10 March 2025, before the start.
 */
export async function funderFixture(): Promise<FunderFixture> {
  const unexpected: unknown[] = [];
  const { core, clock } = await createUnlockedCore({ onUnexpectedError: (_channel, error) => unexpected.push(error) });
  onTestFinished(() => core.close());
  const course = await dispatchOk(
    core,
    'courses:create',
    sampleCourse('kompetansepluss', {
      name: 'Norsk på arbeidsplassen',
      startDate: '2025-04-01',
      endDate: '2025-04-30',
      plannedHours: 22.5,
      requiredAttendancePercent: 75,
      status: 'running',
      funderName: FUNDER.name,
      funderReference: FUNDER.reference,
    }),
  );
  const ids = {} as Record<PersonKey, string>;
  for (const [key, p] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const detail = await dispatchOk(core, 'participants:register', {
      courseId: course.id,
      participant: { firstName: p.firstName, lastName: p.lastName, birthDate: p.birthDate, gender: p.gender, email: p.email, mobile: p.mobile, consent: { keepAfterCourse: false } },
      enrollment: { source: 'employer', employerName: p.employer },
    });
    ids[key] = detail.participantId;
  }
  const plan = await dispatchOk(core, 'sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09.00', endTime: '11.30' });
  return { core, clock, courseId: course.id, ids, sessionIds: plan.sessions.map((s) => s.id), unexpected };
}

/**
 * The course as it ended: the clock on 30 April, Ola withdrawn from 15 April,
 * everyone present at every session except Per, absent from three (15 of 22.5
 * hours, 66.7 %), and Åse late by an hour once (21.5 hours, 95.6 %).
 */
export async function finishCourse(f: FunderFixture): Promise<void> {
  f.clock.set('2025-04-30T12:00:00.000Z');
  await dispatchOk(f.core, 'participants:withdraw', { courseId: f.courseId, participantId: f.ids.ola, date: '2025-04-15', reason: 'work' });
  for (const sessionId of f.sessionIds) await dispatchOk(f.core, 'attendance:markAllPresent', { sessionId });
  for (const sessionId of f.sessionIds.slice(0, 3)) {
    await dispatchOk(f.core, 'attendance:mark', { sessionId, participantId: f.ids.per, status: 'absent' });
  }
  await dispatchOk(f.core, 'attendance:mark', { sessionId: f.sessionIds[4]!, participantId: f.ids.ase, status: 'late', hours: 1.5 });
}
