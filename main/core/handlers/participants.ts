import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import type { Visibility } from '../access';

export const participantHandlers = (session: SessionAccess, visibility: Visibility): HandlersOf<'participants'> => ({
  'participants:listByCourse': ({ courseId, query }) => session().participants.listByCourse(courseId, query),
  'participants:search': ({ query, limit }) => session().participants.search(query, limit, visibility.visibleCourses() ?? undefined),
  'participants:get': ({ courseId, participantId }) => session().participants.get(courseId, participantId),
  'participants:findDuplicate': ({ courseId, participantId, ...person }) =>
    session().participants.findDuplicates(person, { courseId, excludeId: participantId }),
  'participants:register': ({ courseId, participant, enrollment, notDuplicateOf }) =>
    session().participants.register(courseId, participant, enrollment, notDuplicateOf),
  'participants:enrollExisting': ({ courseId, participantId, enrollment, address }) =>
    session().participants.enrollExisting(courseId, participantId, enrollment, address),
  'participants:update': ({ courseId, participantId, participant, enrollment, notDuplicateOf, requestId }) =>
    session().participants.update(courseId, participantId, participant, enrollment, notDuplicateOf, requestId),
  'participants:withdraw': ({ courseId, participantId, date, reason }) => session().lifecycle.withdraw(courseId, participantId, date, reason),
  'participants:reinstate': ({ courseId, participantId }) => session().lifecycle.reinstate(courseId, participantId),
  'participants:removeRegistration': ({ courseId, participantId }) => session().lifecycle.removeRegistration(courseId, participantId),
  'participants:mergePreview': ({ keepId, mergeId }) => session().lifecycle.mergePreview(keepId, mergeId),
  'participants:merge': ({ keepId, mergeId, take }) => session().lifecycle.merge(keepId, mergeId, take),
});
