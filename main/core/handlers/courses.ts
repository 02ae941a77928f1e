import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import type { Visibility } from '../access';

export const courseHandlers = (session: SessionAccess, visibility: Visibility): HandlersOf<'courses'> => ({
  'courses:list': ({ status }) => {
    const courses = session().courses.list(status);
    const visible = visibility.visibleCourses();
    return visible ? courses.filter((course) => visible.has(course.id)) : courses;
  },
  'courses:get': ({ id }) => session().courses.get(id),
  'courses:create': (course) => {
    const open = session();
    const teacher = visibility.teacherAccountId();
    // A course a teacher creates is theirs at once, in the same transaction.
    return open.db.transaction(() => {
      const created = open.courses.create(course);
      if (teacher) open.courseTeachers.add(created.id, teacher);
      return created;
    })();
  },
  'courses:update': ({ id, course }) => session().courses.update(id, course),
  'courses:delete': async ({ id }) => {
    await session().erasure.deleteCourse(id);
    return null;
  },
  'courses:teachers': ({ courseId }) => session().courseTeachers.list(courseId),
  'courses:assignTeacher': ({ courseId, accountId }) => session().courseTeachers.assign(courseId, accountId),
  'courses:unassignTeacher': ({ courseId, accountId }) => session().courseTeachers.unassign(courseId, accountId),
});
