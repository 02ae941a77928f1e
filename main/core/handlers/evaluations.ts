import type { HandlersOf } from '../dispatcher';
import { AppError } from '../errors';
import type { OpenSession, SessionAccess } from '../open-session';
import type { EvaluationSummary, KioskLeft } from '../../contract/evaluation-types';
import type { Language } from '../../contract/messages';
import { evaluationFileName } from '../services/evaluations';

const CSV_LABELS: Record<Language, { group: Record<EvaluationSummary['groupBy'], string>; courses: string; responses: string; recommend: string; type: Record<string, string> }> = {
  nb: {
    group: { type: 'Kurstype', teacher: 'Lærer', period: 'Periode' },
    courses: 'Kurs',
    responses: 'Svar',
    recommend: 'Anbefaler (andel ja)',
    type: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Fagbrev', other: 'Annet' },
  },
  en: {
    group: { type: 'Course type', teacher: 'Teacher', period: 'Period' },
    courses: 'Courses',
    responses: 'Responses',
    recommend: 'Would recommend (share yes)',
    type: { kompetansepluss: 'Kompetansepluss', fagbrev: 'Trade certificate', other: 'Other' },
  },
};

/** "2025-1" → "1. halvår 2025" / "H1 2025". */
const periodLabel = (key: string, language: Language) => {
  const [year, half] = key.split('-');
  return language === 'nb' ? `${half}. halvår ${year}` : `H${half} ${year}`;
};

const csvCell = (value: string) => {
  // A leading =, +, - or @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The summary table as CSV (semicolon, as Norwegian spreadsheets expect): aggregates only, never an answer. */
export function summaryCsv(summary: EvaluationSummary, language: Language): string {
  const L = CSV_LABELS[language];
  const number = (n: number | null) => (n === null ? '' : (Math.round(n * 100) / 100).toFixed(2).replace('.', language === 'nb' ? ',' : '.'));
  const header = [L.group[summary.groupBy], L.courses, L.responses, ...summary.questions.map((q) => (language === 'en' ? (q.text.en ?? q.text.nb) : q.text.nb)), L.recommend];
  const rows = summary.rows.map((row) => [
    summary.groupBy === 'type' ? (L.type[row.key] ?? row.key) : summary.groupBy === 'period' ? periodLabel(row.key, language) : row.key,
    String(row.courses),
    String(row.responses),
    ...summary.questions.map((q) => number(row.means[q.id] ?? null)),
    number(row.recommendShare),
  ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export const evaluationHandlers = (session: SessionAccess, isTeacher: () => boolean): HandlersOf<'evaluations'> => ({
  'evaluations:form': ({ courseId }) => session().evaluations.form(courseId),
  'evaluations:saveForm': ({ courseId, questions }) => session().evaluations.saveForm(courseId, questions),
  'evaluations:useDefault': ({ courseId }) => session().evaluations.useDefault(courseId),
  // A teacher sees the figures of their own course; open answers are read by a coordinator first, who removes names.
  'evaluations:results': ({ courseId }) => session().evaluations.results(courseId, !isTeacher()),
  'evaluations:summary': ({ groupBy, from, to }) => session().evaluations.summary(groupBy, from, to),
  'evaluations:deleteOpenAnswer': ({ courseId, answerId }) => {
    session().evaluations.deleteOpenAnswer(courseId, answerId);
    return null;
  },
  'evaluations:exportPdf': async ({ courseId }) => {
    const open = session();
    const results = open.evaluations.results(courseId, false);
    const language = open.settings.settings().language;
    const pdf = await import('../pdf/evaluation');
    return {
      fileName: evaluationFileName(language === 'nb' ? 'evaluering' : 'evaluation', results.courseName, 'pdf'),
      mimeType: 'application/pdf',
      base64: (await pdf.renderEvaluationResultsPdf(results, language)).toString('base64'),
    };
  },
  'evaluations:exportCsv': ({ groupBy, from, to }) => {
    const open = session();
    const language = open.settings.settings().language;
    const csv = summaryCsv(open.evaluations.summary(groupBy, from, to), language);
    return { fileName: `${language === 'nb' ? 'evalueringer' : 'evaluations'}-${groupBy}.csv`, mimeType: 'text/csv', base64: Buffer.from(csv, 'utf8').toString('base64') };
  },
  'evaluations:paperForm': async ({ courseId, language }) => {
    const open = session();
    const course = open.courses.facts(courseId);
    const { questions } = open.evaluations.form(courseId);
    const pdf = await import('../pdf/evaluation');
    return {
      fileName: evaluationFileName('evalueringsskjema', course.name, 'pdf'),
      mimeType: 'application/pdf',
      base64: (await pdf.renderEvaluationFormPdf(course.name, questions, language ?? 'nb')).toString('base64'),
    };
  },
  'evaluations:enterPaper': ({ courseId, token, answers }) => session().evaluations.submit(courseId, token, answers),
});

/** Where the kiosk stands: owned by the session, so a reloaded page lands in it again. */
export interface KioskState {
  courseId: string;
}

/**
 * The kiosk: a teacher starts it for a course; then the dispatcher refuses
 * every channel but the kiosk's own until the teacher leaves with their
 * passphrase (checked by the core against the account's vault wrap).
 */
export const kioskHandlers = (session: SessionAccess, leave: (open: OpenSession, passphrase: string) => Promise<KioskLeft>): HandlersOf<'kiosk'> => {
  const running = (): { open: OpenSession; kiosk: KioskState } => {
    const open = session();
    if (!open.kiosk) throw new AppError('NOT_IN_KIOSK');
    return { open, kiosk: open.kiosk };
  };
  return {
    'kiosk:start': ({ courseId }) => {
      const open = session();
      open.courses.facts(courseId);
      open.audit.record({ action: 'kiosk-start', entity: 'course', entityId: courseId, courseId });
      open.kiosk = { courseId };
      return { active: true };
    },
    'kiosk:status': () => ({ active: session().kiosk !== null }),
    // The questions only: nothing of the course (no name, no people) is shown in the kiosk.
    'kiosk:form': () => {
      const { open, kiosk } = running();
      return { questions: open.evaluations.form(kiosk.courseId).questions };
    },
    'kiosk:submit': ({ token, answers }) => {
      const { open, kiosk } = running();
      return open.evaluations.submit(kiosk.courseId, token, answers);
    },
    'kiosk:leave': async ({ passphrase }) => {
      const { open } = running();
      return leave(open, passphrase);
    },
  };
};
