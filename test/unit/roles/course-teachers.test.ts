import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUnlockedCore, sampleCourse } from '../support/core';
import { coreDatabase } from '../support/storage';
import { actAs, addStaffAccount, currentAccountId } from '../support/roles';

describe('teachers of a course', () => {
  it('a coordinator assigns and unassigns teacher accounts; the list offers the teachers not yet assigned', async () => {
    const t = await createUnlockedCore();
    const tove = addStaffAccount(t.core, 'Tove Lærer');
    const ola = addStaffAccount(t.core, 'Ola Lærer');
    addStaffAccount(t.core, 'Kim Koordinator', 'coordinator');
    const course = await t.ok('courses:create', sampleCourse());
    expect(await t.ok('courses:teachers', { courseId: course.id })).toEqual({
      courseId: course.id,
      assigned: [],
      candidates: [
        { accountId: ola, name: 'Ola Lærer' },
        { accountId: tove, name: 'Tove Lærer' },
      ],
    });
    const after = await t.ok('courses:assignTeacher', { courseId: course.id, accountId: tove });
    expect(after.assigned).toEqual([{ accountId: tove, name: 'Tove Lærer' }]);
    expect(after.candidates).toEqual([{ accountId: ola, name: 'Ola Lærer' }]);
    // Assigning twice changes nothing.
    expect(await t.ok('courses:assignTeacher', { courseId: course.id, accountId: tove })).toEqual(after);
    const removed = await t.ok('courses:unassignTeacher', { courseId: course.id, accountId: tove });
    expect(removed.assigned).toEqual([]);

    const audit = coreDatabase(t.core)
      .prepare(`SELECT action, entity_id, course_id, detail FROM audit_log WHERE action LIKE '%assign-teacher' ORDER BY at, rowid`)
      .all();
    expect(audit).toEqual([
      { action: 'assign-teacher', entity_id: course.id, course_id: course.id, detail: tove },
      { action: 'unassign-teacher', entity_id: course.id, course_id: course.id, detail: tove },
    ]);
  });

  it('refuses accounts that are not teachers, unknown accounts and unknown courses', async () => {
    const t = await createUnlockedCore();
    const kim = addStaffAccount(t.core, 'Kim Koordinator', 'coordinator');
    const course = await t.ok('courses:create', sampleCourse());
    expect((await t.fail('courses:assignTeacher', { courseId: course.id, accountId: kim })).fields).toEqual({ accountId: expect.any(String) as string });
    expect((await t.fail('courses:assignTeacher', { courseId: course.id, accountId: randomUUID() })).code).toBe('VALIDATION');
    expect((await t.fail('courses:teachers', { courseId: randomUUID() })).code).toBe('NOT_FOUND');
  });

  it('gives a course a teacher creates to that teacher, who then sees it and nothing else', async () => {
    const t = await createUnlockedCore();
    const before = await t.ok('courses:create', sampleCourse('other', { name: 'Koordinatorens kurs' }));
    const tove = addStaffAccount(t.core, 'Tove Lærer');
    actAs(t.core, 'teacher', tove);
    expect(currentAccountId(t.core)).toBe(tove);
    const own = await t.ok('courses:create', sampleCourse('other', { name: 'Toves kurs' }));
    expect((await t.ok('courses:list', {})).map((c) => c.id)).toEqual([own.id]);
    expect((await t.fail('courses:get', { id: before.id })).code).toBe('FORBIDDEN');
    actAs(t.core, 'coordinator');
    expect((await t.ok('courses:teachers', { courseId: own.id })).assigned).toEqual([{ accountId: tove, name: expect.any(String) as string }]);
    // A coordinator's new course is given to no one.
    expect((await t.ok('courses:teachers', { courseId: before.id })).assigned).toEqual([]);
  });

  it('forgets the assignments of a course that is deleted', async () => {
    const t = await createUnlockedCore();
    const tove = addStaffAccount(t.core, 'Tove Lærer');
    const course = await t.ok('courses:create', sampleCourse());
    await t.ok('courses:assignTeacher', { courseId: course.id, accountId: tove });
    await t.ok('courses:delete', { id: course.id });
    expect((coreDatabase(t.core).prepare('SELECT count(*) AS n FROM course_teachers').get() as { n: number }).n).toBe(0);
  });
});
