import type { ExportedFile } from '../../contract/types';
import type { HandlersOf } from '../dispatcher';
import type { SessionAccess } from '../open-session';
import { completionReportCsv, grantReportCsv, reportFileName, startReportCsv } from '../services/funder-reports';

const csvFile = (fileName: string, text: string): ExportedFile => ({
  fileName,
  mimeType: 'text/csv; charset=utf-8',
  base64: Buffer.from(text, 'utf8').toString('base64'),
});
const pdfFile = (fileName: string, bytes: Buffer): ExportedFile => ({ fileName, mimeType: 'application/pdf', base64: bytes.toString('base64') });

// Loaded on first use: the PDF renderer is large and start-up should not wait for it.
const pdf = () => import('../pdf/funder-reports');

export const reportHandlers = (session: SessionAccess): HandlersOf<'reports'> => ({
  'reports:availability': ({ courseId }) => session().funderReports.availability(courseId),

  'reports:kompetanseplussStart': async ({ courseId, format }) => {
    const open = session();
    const data = open.funderReports.startReport(courseId);
    const name = reportFileName('Kompetansepluss oppstart', data.course.name, data.madeOn, format);
    const file = format === 'csv' ? csvFile(name, startReportCsv(data)) : pdfFile(name, await (await pdf()).renderStartReportPdf(data));
    // The report is for the funder: recorded for the access reports of everyone in it, once the file exists.
    open.disclosures.record({ kind: 'fundingReport', recipient: 'kompetanseNorge', courseId, participantIds: data.rows.map((r) => r.participantId) });
    return file;
  },

  'reports:kompetanseplussCompletion': async ({ courseId, format }) => {
    const open = session();
    const data = open.funderReports.completionReport(courseId);
    const name = reportFileName('Kompetansepluss sluttrapport', data.course.name, data.madeOn, format);
    const file = format === 'csv' ? csvFile(name, completionReportCsv(data)) : pdfFile(name, await (await pdf()).renderCompletionReportPdf(data));
    open.disclosures.record({ kind: 'fundingReport', recipient: 'kompetanseNorge', courseId, participantIds: data.rows.map((r) => r.participantId) });
    return file;
  },

  // Counts only, no one named: not a disclosure of personal data.
  'reports:grant': async ({ courseId, format }) => {
    const data = session().funderReports.grantReport(courseId);
    const name = reportFileName('Tilskudd og timer', data.course.name, data.madeOn, format);
    return format === 'csv' ? csvFile(name, grantReportCsv(data)) : pdfFile(name, await (await pdf()).renderGrantReportPdf(data));
  },
});
