/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { Document, Page, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { Language } from '../../contract/messages';
import type { EvaluationQuestion, EvaluationResults, LocalText } from '../../contract/evaluation-types';
import { loadPdfFonts } from './fonts';
import { CONTENT_WIDTH, Facts, Footer, Heading, Paragraph, Table, formatNumber, line, reportStyles, wrapAt } from './report-layout';

/**
 * Course evaluations on paper: the results of a course (figures only, no open
 * answers: they may name people and are read on screen, where a coordinator
 * removes them), and the blank form to print for a class without the laptop.
 */

const LABELS = {
  nb: {
    title: 'Kursevaluering',
    responses: 'Svar',
    enrolled: 'Påmeldte',
    rate: 'Svarprosent',
    belowThreshold: (n: number) => `Resultatene vises først når kurset har minst ${n} svar, så ingen enkeltperson kan kjennes igjen.`,
    question: 'Spørsmål',
    answered: 'Antall svar',
    mean: 'Snitt (1–5)',
    distribution: 'Fordeling 1 / 2 / 3 / 4 / 5',
    yes: 'Ja',
    no: 'Nei',
    openCount: (n: number) => `${n} fritekstsvar (leses i appen)`,
    openNote: 'Fritekstsvar er ikke med i utskriften. De kan nevne personer og leses i appen, der navn skal fjernes.',
    page: (p: number, t: number) => `Side ${p} av ${t}`,
  },
  en: {
    title: 'Course evaluation',
    responses: 'Responses',
    enrolled: 'Enrolled',
    rate: 'Response rate',
    belowThreshold: (n: number) => `Results are shown once the course has at least ${n} responses, so that no one can be recognised.`,
    question: 'Question',
    answered: 'Answers',
    mean: 'Mean (1–5)',
    distribution: 'Distribution 1 / 2 / 3 / 4 / 5',
    yes: 'Yes',
    no: 'No',
    openCount: (n: number) => `${n} open answers (read in the app)`,
    openNote: 'Open answers are not printed. They may name people and are read in the app, where names are to be removed.',
    page: (p: number, t: number) => `Page ${p} of ${t}`,
  },
} as const;

const percent = (share: number, language: Language) => `${formatNumber(Math.round(share * 100), language)} %`;

export async function renderEvaluationResultsPdf(results: EvaluationResults, language: Language): Promise<Buffer> {
  await loadPdfFonts();
  const L = LABELS[language];
  const rows = results.questions.map((q) => {
    const text = line(q.text[language === 'en' ? 'en' : 'nb'] ?? q.text.nb);
    if (q.kind === 'rating') return [text, String(q.answered), q.mean === null ? '–' : formatNumber(Math.round(q.mean * 100) / 100, language), q.distribution.join(' / ')];
    if (q.kind === 'yesno') return [text, String(q.answered), q.mean === null ? '–' : `${L.yes} ${percent(q.mean, language)}`, `${L.yes} ${q.distribution[0]} / ${L.no} ${q.distribution[1]}`];
    return [text, String(q.answered), '', L.openCount(q.answered)];
  });
  return renderToBuffer(
    <Document title={`${L.title} – ${line(results.courseName)}`} author="Neo Kurs" language={language}>
      <Page size="A4" style={reportStyles.page}>
        <Text style={reportStyles.title}>{L.title}</Text>
        <Text style={reportStyles.subtitle} hyphenationCallback={wrapAt(CONTENT_WIDTH, 11)}>
          {line(results.courseName)}
        </Text>
        <Facts
          rows={[
            [L.responses, String(results.responses)],
            [L.enrolled, String(results.enrolled)],
            [L.rate, results.responseRate === null ? '–' : percent(results.responseRate, language)],
          ]}
        />
        {results.shown ? (
          <View>
            <Heading>{L.question}</Heading>
            <Table
              columns={[
                { title: L.question, weight: 5 },
                { title: L.answered, weight: 1.4 },
                { title: L.mean, weight: 1.6 },
                { title: L.distribution, weight: 2.6 },
              ]}
              rows={rows}
            />
            <Paragraph muted>{L.openNote}</Paragraph>
          </View>
        ) : (
          <Paragraph>{L.belowThreshold(results.threshold)}</Paragraph>
        )}
        <Footer left={`${L.title} · ${line(results.courseName)}`} page={L.page} />
      </Page>
    </Document>,
  );
}

const FORM_LABELS: Record<keyof LocalText, { title: string; intro: string; scale: string; yes: string; no: string; page: (p: number, t: number) => string }> = {
  nb: {
    title: 'Evaluering av kurset',
    intro: 'Svarene er anonyme. Ikke skriv navnet ditt. Sett ett kryss per spørsmål.',
    scale: '1 = svært dårlig, 5 = svært bra',
    yes: 'Ja',
    no: 'Nei',
    page: (p, t) => `Side ${p} av ${t}`,
  },
  nn: {
    title: 'Evaluering av kurset',
    intro: 'Svara er anonyme. Ikkje skriv namnet ditt. Set eitt kryss per spørsmål.',
    scale: '1 = svært dårleg, 5 = svært bra',
    yes: 'Ja',
    no: 'Nei',
    page: (p, t) => `Side ${p} av ${t}`,
  },
  en: {
    title: 'Course evaluation',
    intro: 'Your answers are anonymous. Do not write your name. Tick one box per question.',
    scale: '1 = very poor, 5 = very good',
    yes: 'Yes',
    no: 'No',
    page: (p, t) => `Page ${p} of ${t}`,
  },
};

const box = { width: 16, height: 16, borderWidth: 1, borderColor: '#000', marginRight: 4 } as const;

/** The blank form: one sheet per person, boxes to tick, lines to write on. No course data but the course's name. */
export async function renderEvaluationFormPdf(courseName: string, questions: readonly EvaluationQuestion[], language: keyof LocalText): Promise<Buffer> {
  await loadPdfFonts();
  const L = FORM_LABELS[language];
  const textOf = (q: EvaluationQuestion) => line(q.text[language] ?? q.text.nb);
  return renderToBuffer(
    <Document title={`${L.title} – ${line(courseName)}`} author="Neo Kurs" language={language === 'en' ? 'en' : 'nb'}>
      <Page size="A4" style={reportStyles.page}>
        <Text style={reportStyles.title}>{L.title}</Text>
        <Text style={reportStyles.subtitle}>{line(courseName)}</Text>
        <Paragraph>{L.intro}</Paragraph>
        {questions.map((q, i) => (
          <View key={q.id} wrap={false} style={{ marginTop: 10 }}>
            <Text style={reportStyles.subheading} hyphenationCallback={wrapAt(CONTENT_WIDTH, 10.5, 700)}>
              {`${i + 1}. ${textOf(q)}`}
            </Text>
            {q.kind === 'rating' && (
              <View>
                <View style={{ flexDirection: 'row', alignItems: 'center' }}>
                  {[1, 2, 3, 4, 5].map((n) => (
                    <View key={n} style={{ flexDirection: 'row', alignItems: 'center', marginRight: 18 }}>
                      <View style={box} />
                      <Text>{String(n)}</Text>
                    </View>
                  ))}
                </View>
                <Text style={reportStyles.muted}>{L.scale}</Text>
              </View>
            )}
            {q.kind === 'yesno' && (
              <View style={{ flexDirection: 'row', alignItems: 'center' }}>
                {[L.yes, L.no].map((label) => (
                  <View key={label} style={{ flexDirection: 'row', alignItems: 'center', marginRight: 24 }}>
                    <View style={box} />
                    <Text>{label}</Text>
                  </View>
                ))}
              </View>
            )}
            {q.kind === 'open' && <View style={{ height: 80, borderWidth: 0.75, borderColor: '#777' }} />}
          </View>
        ))}
        <Footer left={`${L.title} · ${line(courseName)}`} page={L.page} />
      </Page>
    </Document>,
  );
}

