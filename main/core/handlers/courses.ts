import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';

export const courseHandlers = (session: SessionAccess): HandlersOf<'courses'> => ({
  'courses:list': ({ status }) => session().courses.list(status),
  'courses:get': ({ id }) => session().courses.get(id),
  'courses:create': (course) => session().courses.create(course),
  'courses:update': ({ id, course }) => session().courses.update(id, course),
  'courses:delete': async ({ id }) => {
    await session().erasure.deleteCourse(id);
    return null;
  },
});
