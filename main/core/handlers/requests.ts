import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const requestHandlers = (_session: SessionAccess): HandlersOf<'requests'> => ({
  'requests:list': notBuilt,
  'requests:create': notBuilt,
  'requests:resolve': notBuilt,
  'requests:summary': notBuilt,
});

export const processingHandlers = (_session: SessionAccess): HandlersOf<'processing'> => ({
  'processing:get': notBuilt,
  'processing:update': notBuilt,
  'processing:pdf': notBuilt,
});
