import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';

export const importHandlers = (session: SessionAccess): HandlersOf<'import'> => ({
  'import:employers': () => session().participantImport.employers(),
  'import:preview': (input) => session().participantImport.preview(input),
  'import:apply': (input) => session().participantImport.apply(input),
  'import:badRows': (input) => session().participantImport.badRows(input),
});
