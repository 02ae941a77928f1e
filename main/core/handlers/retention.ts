import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { accessReportFileName, accessReportJson } from '../services/access-report';

export const retentionHandlers = (session: SessionAccess): HandlersOf<'retention'> => ({
  'retention:due': () => session().retention.due(),
  'retention:preview': ({ courseId, force }) => session().retention.preview(courseId, force ?? false),
  'retention:run': ({ courseIds, force }) => session().retention.run(courseIds, force ?? false),
  'retention:statistics': ({ courseId }) => session().retention.statistics(courseId),
});

export const privacyHandlers = (session: SessionAccess): HandlersOf<'privacy'> => ({
  'privacy:erasureCheck': ({ participantId }) => session().erasure.check(participantId),
  'privacy:erase': ({ participantId, overrideReason, requestId, batch }) => session().erasure.erase({ participantId, overrideReason, requestId, batch }),
  'privacy:accessReport': async ({ participantId, format, requestId }) => {
    const report = session().accessReports.build(participantId, requestId);
    const file =
      format === 'json'
        ? { fileName: accessReportFileName(report, 'json'), mimeType: 'application/json', base64: Buffer.from(accessReportJson(report), 'utf8').toString('base64') }
        : {
            fileName: accessReportFileName(report, 'pdf'),
            mimeType: 'application/pdf',
            // Loaded on first use: the PDF renderer is large and start-up should not wait for it.
            base64: (await (await import('../pdf/access-report')).renderAccessReportPdf(report)).toString('base64'),
          };
    // Recorded once the file exists, on the session as it is now: if the app locked meanwhile, nothing is handed out.
    session().accessReports.recordHandedOut(participantId, format, requestId);
    return file;
  },
});
