import { act, screen, waitFor } from '@testing-library/react';
import { expect } from 'vitest';
import { useNav, useRollCall } from '../../renderer/src/stores';
import { PEOPLE } from '../unit/support/people';
import { createVault, installRealNeo } from './realNeo';
import type { RealNeo } from './realNeo';

/** "Today" for the attendance tests: Sunday 20 April 2025, noon in Norway. */
export const TODAY = '2025-04-20T10:00:00.000Z';

/** The roll-call order: last names in Norwegian alphabetical order (æ, ø, å after z). */
export const ROLL_ORDER = ['Aas', 'Berg', 'Dahl', 'Hansen', 'Haugen', 'Lie', 'Løvås', 'Moe', 'Nordmann', 'Strøm', 'Æsland', 'Ødegård'];

export interface Seeded {
  neo: RealNeo;
  courseId: string;
  /** Participant id by last name. */
  ids: Record<string, string>;
  /** Session id by ISO date. */
  sessions: Record<string, string>;
}

/** A course in April 2025 (22,5 planned hours) with `people` enrolled; with `pattern`, Tuesday and Thursday sessions 09.00–11.30. */
export async function seedCourse({ people = PEOPLE, pattern = true } = {}): Promise<Seeded> {
  const neo = installRealNeo({ clock: { now: () => new Date(TODAY) } });
  await createVault(neo);
  const course = await neo.ask('courses:create', {
    name: 'Norsk B1 kveld',
    type: 'other',
    place: 'Ålesund',
    startDate: '2025-04-01',
    endDate: '2025-04-30',
    plannedHours: 22.5,
    teacher: 'Tove Lærer',
    status: 'running',
  });
  const ids: Record<string, string> = {};
  for (const [firstName, lastName] of people) {
    const p = await neo.ask('participants:register', {
      courseId: course.id,
      participant: { firstName, lastName, birthDate: '1985-06-15', mobile: '912 34 567', gender: 'unspecified', consent: { keepAfterCourse: false } },
      enrollment: { source: 'teacher' },
    });
    ids[lastName] = p.participantId;
  }
  const sessions: Record<string, string> = {};
  if (pattern) {
    const plan = await neo.ask('sessions:generate', { courseId: course.id, weekdays: [2, 4], startTime: '09:00', endTime: '11:30' });
    for (const s of plan.sessions) sessions[s.date] = s.id;
  }
  await neo.ask('vault:lock', {});
  return { neo, courseId: course.id, ids, sessions };
}

/** Opens a roll call directly (the entry buttons have their own test) and waits for the list. */
export async function openRollCall(seeded: Seeded, date: string): Promise<HTMLElement> {
  const sessionId = seeded.sessions[date];
  if (!sessionId) throw new Error(`no session on ${date}`);
  act(() => useNav.getState().go({ name: 'rollCall', courseId: seeded.courseId, sessionId }));
  return screen.findByRole('grid');
}

/** The roll-call row of a participant, found by last name. */
export const row = (lastName: string): HTMLElement => screen.getByRole('row', { name: new RegExp(`^${lastName},`) });

/** Waits until every mark has been answered by the core. */
export async function allSaved(): Promise<void> {
  await waitFor(() => expect(useRollCall.getState().inFlight).toBe(0));
  await screen.findByText(/^Alt er lagret \(kl\. \d\d\.\d\d\)\.$/);
}

/** Status per last name, as the core has it. */
export async function coreStatuses(seeded: Seeded, date: string): Promise<Record<string, { status: string | null; hours: number | null; note: string | null }>> {
  const roll = await seeded.neo.ask('attendance:roll', { sessionId: seeded.sessions[date]! });
  return Object.fromEntries(roll.rows.map((r) => [r.lastName, { status: r.status, hours: r.hours, note: r.note }]));
}
