import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { courseFields } from '../../../main/contract/schemas';
import type { UnlockedCore } from '../support/core';
import { createUnlockedCore, sampleCourse } from '../support/core';

/**
 * A course's English texts (issue 12, item 8) are validated like the
 * Norwegian ones: NFC, one line for the name, line breaks kept in the content,
 * no control or bidi override characters, the same lengths. Omitted keeps what
 * is on file (older callers and forms do not send them); blank or null clears.
 */

const issueOf = (input: Record<string, unknown>) => {
  const result = courseFields.safeParse({ ...sampleCourse('other'), ...input });
  return result.success ? null : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
};

describe('course schema: English texts', () => {
  const cases: [string, Record<string, unknown>, [string, string][] | null][] = [
    ['a plain English name', { englishName: 'Health worker' }, null],
    ['a name of 200 characters', { englishName: 'x'.repeat(200) }, null],
    ['a name of 201 characters', { englishName: 'x'.repeat(201) }, [['englishName', 'tooLong']]],
    ['a line break in the name', { englishName: 'Health\nworker' }, [['englishName', 'lineBreak']]],
    ['a control character in the name', { englishName: 'Health\u0007worker' }, [['englishName', 'controlCharacter']]],
    ['a bidi override in the name', { englishName: 'Health\u202Eworker' }, [['englishName', 'bidiControl']]],
    ['a number for the name', { englishName: 42 }, [['englishName', 'invalidValue']]],
    ['content of 4000 characters', { englishDescription: 'x'.repeat(4000) }, null],
    ['content of 4001 characters', { englishDescription: 'x'.repeat(4001) }, [['englishDescription', 'tooLong']]],
    ['a line break in the content', { englishDescription: 'Week 1\nWeek 2' }, null],
    ['a bidi override in the goals', { englishLearningGoals: 'Plan\u202Ecare' }, [['englishLearningGoals', 'bidiControl']]],
    ['a control character in the goals', { englishLearningGoals: 'Plan\u0000care' }, [['englishLearningGoals', 'controlCharacter']]],
    ['goals of 4001 characters', { englishLearningGoals: 'x'.repeat(4001) }, [['englishLearningGoals', 'tooLong']]],
    ['null for all three', { englishName: null, englishDescription: null, englishLearningGoals: null }, null],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(issueOf(input)).toEqual(expected);
  });

  it('normalises as the Norwegian texts are: NFC, trimmed, CR LF to LF; blank becomes null (clear), omitted stays undefined (keep)', () => {
    const parsed = courseFields.parse({
      ...sampleCourse('other'),
      englishName: '  Cafe\u0301 course ',
      englishDescription: 'Week 1\r\nWeek 2\r\n',
      englishLearningGoals: '   ',
    });
    expect(parsed.englishName).toBe('Café course');
    expect(parsed.englishDescription).toBe('Week 1\nWeek 2');
    expect(parsed.englishLearningGoals).toBeNull();
    expect(courseFields.parse(sampleCourse('other')).englishName).toBeUndefined();
  });
});

describe('courses through the dispatcher: English texts', () => {
  let t: UnlockedCore;
  beforeEach(async () => {
    t = await createUnlockedCore();
  });
  afterEach(() => t.core.close());

  it('stores them, keeps them when an update leaves them out, clears them when blank', async () => {
    const created = await t.ok('courses:create', {
      ...sampleCourse('other'),
      englishName: 'Health worker',
      englishDescription: 'Week 1\nWeek 2',
      englishLearningGoals: 'Plan care',
    });
    expect(created).toMatchObject({ englishName: 'Health worker', englishDescription: 'Week 1\nWeek 2', englishLearningGoals: 'Plan care' });
    const kept = await t.ok('courses:update', { id: created.id, course: sampleCourse('other', { place: 'Bodø' }) });
    expect(kept).toMatchObject({ place: 'Bodø', englishName: 'Health worker', englishDescription: 'Week 1\nWeek 2', englishLearningGoals: 'Plan care' });
    const cleared = await t.ok('courses:update', {
      id: created.id,
      course: { ...sampleCourse('other', { place: 'Bodø' }), englishName: '', englishDescription: null, englishLearningGoals: 'Plan care' },
    });
    expect(cleared).toMatchObject({ englishName: null, englishDescription: null, englishLearningGoals: 'Plan care' });
  });

  it('refuses bad English text on the field, in Norwegian, and changes nothing', async () => {
    const created = await t.ok('courses:create', { ...sampleCourse('other'), englishName: 'Health worker' });
    const error = await t.fail('courses:update', { id: created.id, course: { ...sampleCourse('other'), englishName: 'Health\nworker', englishDescription: 'x'.repeat(4001) } });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toEqual({
      'course.englishName': 'Feltet kan bare ha én linje. Fjern linjeskiftet.',
      'course.englishDescription': 'Teksten er for lang.',
    });
    expect((await t.ok('courses:get', { id: created.id })).englishName).toBe('Health worker');
  });
});
