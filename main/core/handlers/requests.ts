import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';

export const requestHandlers = (session: SessionAccess): HandlersOf<'requests'> => ({
  'requests:list': (filter) => session().requests.list(filter),
  'requests:create': (input) => session().requests.create(input),
  'requests:resolve': ({ id, status, note }) => session().requests.resolve(id, status, note),
  'requests:summary': () => session().requests.summary(),
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
