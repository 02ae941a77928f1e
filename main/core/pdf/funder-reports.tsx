/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import type { ReactNode } from 'react';
import { Document, Page, Text, renderToBuffer } from '@react-pdf/renderer';
import { formatMobile, formatNorwegianDate } from '../../contract/formats';
import { GENDERS } from '../../contract/schemas';
import type { CourseFacts } from '../services/courses';
import type { CompletionReportData, GrantReportData, StartReportData } from '../services/funder-reports';
import { GENDER_WORD } from '../services/funder-reports';
import { loadPdfFonts } from './fonts';
import { CONTENT_WIDTH, Facts, Footer, Heading, Paragraph, Table, formatNumber, line, reportStyles, wrapAt } from './report-layout';

/**
 * The funder's reports as PDF (Norwegian: they go to Norwegian funders):
 * the Kompetansepluss start and completion reports, and the grant and hours
 * report. Stored text goes through `line` so nothing unprintable reaches the page.
 */

const TYPE_WORD: Record<CourseFacts['type'], string> = {
  kompetansepluss: 'Kompetansepluss',
  fagbrev: 'Fagbrevkurs',
  studieforbund: 'Studieforbundkurs',
  bedriftsbetalt: 'Bedriftsbetalt kurs',
  other: 'Annet kurs',
};

const day = (iso: string | null) => (iso ? formatNorwegianDate(iso) : '');
const hours = (n: number) => `${formatNumber(n, 'nb')} t`;
const percent = (rate: number | null) => (rate === null ? '–' : `${formatNumber(Math.round(rate * 1000) / 10, 'nb')} %`);

function CourseFactsBlock({ course }: { course: CourseFacts }) {
  return (
    <Facts
      rows={[
        ['Kurs', line(course.name)],
        ['Kurstype', TYPE_WORD[course.type]],
        ['Finansiering', line(course.funderName) || 'Ikke oppgitt'],
        ['Referanse (avtale/saksnr.)', line(course.funderReference) || 'Ikke oppgitt'],
        ['Sted', line(course.place)],
        ['Periode', `${day(course.startDate)}–${day(course.endDate)}`],
        ['Planlagte timer', hours(course.plannedHours)],
      ]}
    />
  );
}

function ReportPage({ title, course, madeOn, children }: { title: string; course: CourseFacts; madeOn: string; children: ReactNode }) {
  return (
    <Page size="A4" style={reportStyles.page}>
      <Text style={reportStyles.title} hyphenationCallback={wrapAt(CONTENT_WIDTH, 18, 700)}>
        {title}
      </Text>
      <Text style={reportStyles.subtitle} hyphenationCallback={wrapAt(CONTENT_WIDTH, 11)}>
        {`Laget ${day(madeOn)} i Neo Kurs`}
      </Text>
      <CourseFactsBlock course={course} />
      {children}
      <Footer left={`${title} · ${line(course.name)} · ${day(madeOn)}`} page={(n, total) => `Side ${n} av ${total}`} />
    </Page>
  );
}

const leftOutNote = (count: number) =>
  count > 0 ? `${count} deltaker${count === 1 ? '' : 'e'} med begrenset behandling eller innsigelse er ikke tatt med.` : null;

async function render(title: string, course: CourseFacts, page: ReactNode): Promise<Buffer> {
  await loadPdfFonts();
  return renderToBuffer(
    <Document title={`${title} – ${line(course.name)}`} author="Neo Kurs" language="nb">
      {page}
    </Document>,
  );
}

export const START_REPORT_TITLE = 'Kompetansepluss – deltakere ved oppstart';
export const COMPLETION_REPORT_TITLE = 'Kompetansepluss – sluttrapport';
export const GRANT_REPORT_TITLE = 'Tilskudd og timer';

export function renderStartReportPdf(data: StartReportData): Promise<Buffer> {
  const note = leftOutNote(data.leftOut);
  return render(
    START_REPORT_TITLE,
    data.course,
    <ReportPage title={START_REPORT_TITLE} course={data.course} madeOn={data.madeOn}>
      <Heading>{`Deltakere (${data.rows.length})`}</Heading>
      {note && <Paragraph muted>{note}</Paragraph>}
      <Table
        columns={[
          { title: 'Navn', weight: 24 },
          { title: 'Født', weight: 12 },
          { title: 'Kjønn', weight: 11 },
          { title: 'Kontakt', weight: 30 },
          { title: 'Arbeidsgiver', weight: 23 },
        ]}
        rows={data.rows.map((r) => [
          `${line(r.lastName)}, ${line(r.firstName)}`,
          day(r.birthDate),
          GENDER_WORD[r.gender],
          [r.email ? line(r.email) : null, r.mobile ? formatMobile(r.mobile) : null].filter((v): v is string => v !== null),
          line(r.employerName),
        ])}
        empty="Ingen deltakere er påmeldt."
      />
    </ReportPage>,
  );
}

export function renderCompletionReportPdf(data: CompletionReportData): Promise<Buffer> {
  const note = leftOutNote(data.leftOut);
  const completed = data.rows.filter((r) => r.completed).length;
  return render(
    COMPLETION_REPORT_TITLE,
    data.course,
    <ReportPage title={COMPLETION_REPORT_TITLE} course={data.course} madeOn={data.madeOn}>
      <Heading>{`Deltakere (${data.rows.length}, ${completed} fullført)`}</Heading>
      <Paragraph muted>
        {`Oppmøte regnes av timene som er gjennomført (${hours(data.heldHours)}). Fullført: minst ${formatNumber(data.course.requiredAttendancePercent, 'nb')} % oppmøte og ikke sluttet.`}
      </Paragraph>
      {note && <Paragraph muted>{note}</Paragraph>}
      <Table
        columns={[
          { title: 'Navn', weight: 23 },
          { title: 'Født', weight: 12 },
          { title: 'Arbeidsgiver', weight: 20 },
          { title: 'Timer møtt', weight: 10 },
          { title: 'Oppmøte', weight: 10 },
          { title: 'Fullført', weight: 19 },
        ]}
        rows={data.rows.map((r) => [
          `${line(r.lastName)}, ${line(r.firstName)}`,
          day(r.birthDate),
          line(r.employerName),
          hours(r.hoursAttended),
          percent(r.rate),
          r.completed ? 'Ja' : r.withdrawnOn ? `Nei (sluttet ${day(r.withdrawnOn)})` : 'Nei',
        ])}
        empty="Ingen deltakere er påmeldt."
      />
    </ReportPage>,
  );
}

export function renderGrantReportPdf(data: GrantReportData): Promise<Buffer> {
  const count = String;
  return render(
    GRANT_REPORT_TITLE,
    data.course,
    <ReportPage title={GRANT_REPORT_TITLE} course={data.course} madeOn={data.madeOn}>
      <Heading>{`Deltakere etter kjønn og alder (${data.participants})`}</Heading>
      <Paragraph muted>Alder ved kursstart.</Paragraph>
      <Table
        columns={[{ title: 'Aldersgruppe', weight: 22 }, ...GENDERS.map((g) => ({ title: GENDER_WORD[g], weight: 13 })), { title: 'Totalt', weight: 13 }]}
        rows={[
          ...data.byAgeBand.map((b) => [b.label, ...GENDERS.map((g) => count(b.byGender[g])), count(b.total)]),
          ['Totalt', ...GENDERS.map((g) => count(data.byGender[g])), count(data.participants)],
        ]}
      />
      <Heading>Timer</Heading>
      <Facts
        rows={[
          ['Planlagte timer', hours(data.course.plannedHours)],
          ['Økter gjennomført', count(data.sessionsHeld)],
          ['Timer gjennomført', hours(data.heldHours)],
          ['Timer møtt, alle deltakere', hours(data.attendedHours)],
          ['Gjennomsnittlig oppmøte', percent(data.averageRate)],
        ]}
      />
      <Heading>Gjennomføring</Heading>
      <Facts
        rows={[
          [`Fullført (minst ${formatNumber(data.course.requiredAttendancePercent, 'nb')} % oppmøte)`, count(data.completed)],
          ['Ikke fullført', count(data.notCompleted)],
          ['Sluttet', count(data.withdrawn)],
        ]}
      />
    </ReportPage>,
  );
}
