import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { notBuilt } from './not-built';

export const requestHandlers = (_session: SessionAccess): HandlersOf<'requests'> => ({
  'requests:list': notBuilt,
  'requests:create': notBuilt,
  'requests:resolve': notBuilt,
  'requests:summary': notBuilt,
});

export const processingHandlers = (session: SessionAccess): HandlersOf<'processing'> => ({
  'processing:get': () => session().processing.get(),
  'processing:update': (input) => session().processing.update(input),
  'processing:pdf': async () => {
    const record = session().processing.printable();
    const language = session().settings.settings().language;
    const pdf = await import('../pdf/processing-record');
    return { fileName: pdf.processingFileName(record, language), mimeType: 'application/pdf', base64: (await pdf.renderProcessingPdf(record, language)).toString('base64') };
  },
});
