import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const retentionHandlers = (_session: SessionAccess): HandlersOf<'retention'> => ({
  'retention:due': notBuilt,
  'retention:preview': notBuilt,
  'retention:run': notBuilt,
});

export const privacyHandlers = (_session: SessionAccess): HandlersOf<'privacy'> => ({
  'privacy:erasureCheck': notBuilt,
  'privacy:erase': notBuilt,
  'privacy:accessReport': notBuilt,
});
