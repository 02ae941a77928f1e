import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const participantHandlers = (session: SessionAccess): HandlersOf<'participants'> => ({
  'participants:listByCourse': ({ courseId, query }) => session().participants.listByCourse(courseId, query),
  'participants:search': ({ query, limit }) => session().participants.search(query, limit),
  'participants:get': ({ courseId, participantId }) => session().participants.get(courseId, participantId),
  'participants:findDuplicate': ({ courseId, participantId, ...person }) =>
    session().participants.findDuplicates(person, { courseId, excludeId: participantId }),
  'participants:register': ({ courseId, participant, enrollment, notDuplicateOf }) =>
    session().participants.register(courseId, participant, enrollment, notDuplicateOf),
  'participants:enrollExisting': ({ courseId, participantId, enrollment, address }) =>
    session().participants.enrollExisting(courseId, participantId, enrollment, address),
  'participants:update': ({ courseId, participantId, participant, enrollment, notDuplicateOf }) =>
    session().participants.update(courseId, participantId, participant, enrollment, notDuplicateOf),
  'participants:withdraw': notBuilt,
  'participants:reinstate': notBuilt,
  'participants:removeRegistration': notBuilt,
  'participants:mergePreview': notBuilt,
  'participants:merge': notBuilt,
});
