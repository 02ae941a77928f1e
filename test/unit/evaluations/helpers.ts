import { randomUUID } from 'node:crypto';
import type { ChannelInput } from '../../../main/contract/channels';
import type { Core } from '../../../main/core/index';
import { coreDatabase } from '../support/storage';
import { createUnlockedCore, sampleCourse, sampleEnrollment, sampleParticipant } from '../support/core';
import type { UnlockedCore } from '../support/core';

export type Answers = ChannelInput<'kiosk:submit'>['answers'];

/** A full sheet: every rating, the recommendation and both open answers. */
export function sheet(n: number, texts: Record<string, string> = {}): Answers {
  const r = ((n % 5) + 1) as 1 | 2 | 3 | 4 | 5;
  return {
    ratings: { content: r, teacher: 5, pace: 3, materials: r, benefit: 4 },
    choices: { recommend: n % 3 === 0 ? 'no' : 'yes' },
    texts: { good: `Bra kurs nummer ${n}`, ...texts },
  };
}

/** A course with `enrolled` participants, on a fresh unlocked core. */
export async function evaluationFixture(enrolled = 8): Promise<UnlockedCore & { courseId: string }> {
  const t = await createUnlockedCore();
  const course = await t.ok('courses:create', sampleCourse('other', { name: 'Digitale ferdigheter' }));
  for (let i = 0; i < enrolled; i++) {
    await t.ok('participants:register', {
      courseId: course.id,
      participant: sampleParticipant({ firstName: `Deltaker${String.fromCharCode(65 + i)}`, email: `d${i}@example.no` }),
      enrollment: sampleEnrollment(),
    });
  }
  return { ...t, courseId: course.id };
}

/** Answers sent through the kiosk channel (started and left by the caller). */
export async function answerInKiosk(t: UnlockedCore, sheets: Answers[]): Promise<void> {
  for (const answers of sheets) await t.ok('kiosk:submit', { token: randomUUID(), answers });
}

export const rowsOf = (core: Core, sql: string, ...params: unknown[]) => coreDatabase(core).prepare(sql).all(...params) as Record<string, unknown>[];
