import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const requestHandlers = (session: SessionAccess): HandlersOf<'requests'> => ({
  'requests:list': (filter) => session().requests.list(filter),
  'requests:create': (input) => session().requests.create(input),
  'requests:resolve': ({ id, status, note }) => session().requests.resolve(id, status, note),
  'requests:summary': () => session().requests.summary(),
});

export const processingHandlers = (_session: SessionAccess): HandlersOf<'processing'> => ({
  'processing:get': notBuilt,
  'processing:update': notBuilt,
  'processing:pdf': notBuilt,
});
