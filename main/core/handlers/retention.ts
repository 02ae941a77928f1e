import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const retentionHandlers = (session: SessionAccess): HandlersOf<'retention'> => ({
  'retention:due': () => session().retention.due(),
  'retention:preview': ({ courseId, force }) => session().retention.preview(courseId, force ?? false),
  'retention:run': ({ courseIds, force }) => session().retention.run(courseIds, force ?? false),
  'retention:statistics': ({ courseId }) => session().retention.statistics(courseId),
});

export const privacyHandlers = (session: SessionAccess): HandlersOf<'privacy'> => ({
  'privacy:erasureCheck': ({ participantId }) => session().erasure.check(participantId),
  'privacy:erase': ({ participantId, overrideReason, requestId, batch }) => session().erasure.erase({ participantId, overrideReason, requestId, batch }),
  'privacy:accessReport': notBuilt,
});
