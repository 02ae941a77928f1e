/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatNorwegianDate } from '../../contract/formats';
import { safeSingleLine } from '../../contract/text';
import type { AttendanceListData } from '../services/attendance-export';
import { STATUS_SYMBOL, formatHours, formatPercent } from '../services/attendance-export';
import { PDF_FONT, loadPdfFonts } from './fonts';
import { formatMoment, line } from './report-layout';
import { wrapLongWords } from './wrap';

/** Sessions per page: more columns would not fit a landscape A4 page legibly. */
const SESSIONS_PER_PAGE = 12;

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 8, padding: 28 },
  title: { fontSize: 14, fontWeight: 700, marginBottom: 4 },
  facts: { marginBottom: 8, fontSize: 9 },
  table: { borderTopWidth: 1, borderLeftWidth: 1, borderColor: '#555' },
  row: { flexDirection: 'row' },
  cell: { borderRightWidth: 1, borderBottomWidth: 1, borderColor: '#555', padding: 2, textAlign: 'center' },
  nameCell: { width: 130, textAlign: 'left' },
  /** The employer, small and grey under the name, so the name stays what the eye finds first. */
  employer: { fontSize: 7, color: '#444' },
  yearCell: { width: 34 },
  sessionCell: { width: 44 },
  totalCell: { width: 46 },
  head: { fontFamily: PDF_FONT, fontWeight: 700, backgroundColor: '#eee' },
  legend: { marginTop: 8, fontSize: 8 },
  signature: { marginTop: 28, flexDirection: 'row', gap: 40, fontSize: 9 },
  line: { borderTopWidth: 1, borderColor: '#000', width: 220, paddingTop: 3 },
  signOffs: { marginTop: 12, fontSize: 8 },
  signOffsTitle: { fontWeight: 700, fontSize: 9, marginBottom: 2 },
});

/** Who signed off a session's roll call, and when: the account's name (null when the account is gone). */
export interface SessionSignOff {
  sessionId: string;
  by: string | null;
  at: string;
}

/** Line widths in points, for breaking words wider than their line (landscape A4 less the padding; a cell less its padding). */
const WIDTH = { page: 841.89 - 2 * 28, name: 130 - 2 * 2 - 1, signature: 220 } as const;
const wrapName = wrapLongWords(WIDTH.name, 8);
const wrapEmployer = wrapLongWords(WIDTH.name, 7);
const wrapTitle = wrapLongWords(WIDTH.page, 14, 700);
const wrapFacts = wrapLongWords(WIDTH.page, 9);
const wrapSignature = wrapLongWords(WIDTH.signature, 9);

function AttendancePage({ data, from, signOffs }: { data: AttendanceListData; from: number; signOffs: ReadonlyMap<string, SessionSignOff> }) {
  const sessions = data.sessions.slice(from, from + SESSIONS_PER_PAGE);
  const lastPage = from + SESSIONS_PER_PAGE >= data.sessions.length;
  return (
    <Page size="A4" orientation="landscape" style={styles.page}>
      <Text style={styles.title} hyphenationCallback={wrapTitle}>
        Oppmøteliste – {data.course.name}
      </Text>
      <Text style={styles.facts} hyphenationCallback={wrapFacts}>
        Sted: {data.course.place} · Periode: {formatNorwegianDate(data.course.startDate)}–{formatNorwegianDate(data.course.endDate)} ·
        Planlagte timer: {formatHours(data.course.plannedHours)} · Økter {from + 1}–{from + sessions.length} av {data.sessions.length}
      </Text>
      <View style={styles.table}>
        <View style={[styles.row, styles.head]} fixed>
          <View style={[styles.cell, styles.nameCell]}>
            <Text>Deltaker</Text>
            {data.showsEmployer && <Text style={styles.employer}>Arbeidsgiver</Text>}
          </View>
          <Text style={[styles.cell, styles.yearCell]}>Født</Text>
          {sessions.map((s) => (
            // Two Text lines, not one with "\n": a line break inside a Text pulls in an unembedded Helvetica.
            <View key={s.id} style={[styles.cell, styles.sessionCell]}>
              <Text>{formatNorwegianDate(s.date).slice(0, 5)}</Text>
              <Text>
                {formatHours(s.hours)} t{s.signedOffAt ? '' : ' *'}
              </Text>
            </View>
          ))}
          {lastPage && <Text style={[styles.cell, styles.totalCell]}>Timer</Text>}
          {lastPage && <Text style={[styles.cell, styles.totalCell]}>Oppmøte</Text>}
        </View>
        {data.rows.map((row) => (
          <View key={row.participantId} style={styles.row} wrap={false}>
            {/* Two Texts in a View, not one with "\n" (see the session heads); a long employer wraps inside the column like a long name. */}
            <View style={[styles.cell, styles.nameCell]}>
              <Text hyphenationCallback={wrapName}>
                {row.lastName}, {row.firstName}
              </Text>
              {data.showsEmployer && row.employerName !== null && (
                <Text style={styles.employer} hyphenationCallback={wrapEmployer}>
                  {row.employerName}
                </Text>
              )}
            </View>
            <Text style={[styles.cell, styles.yearCell]}>{row.birthYear}</Text>
            {sessions.map((s, i) => {
              const mark = row.marks[from + i];
              return (
                <Text key={s.id} style={[styles.cell, styles.sessionCell]}>
                  {mark ? `${STATUS_SYMBOL[mark.status]} ${formatHours(mark.hours)}` : ''}
                </Text>
              );
            })}
            {lastPage && <Text style={[styles.cell, styles.totalCell]}>{formatHours(row.hoursAttended)}</Text>}
            {lastPage && <Text style={[styles.cell, styles.totalCell]}>{formatPercent(row.rate)}</Text>}
          </View>
        ))}
        {lastPage && (
          <View style={[styles.row, styles.head]}>
            <Text style={[styles.cell, styles.nameCell]}>Sum</Text>
            <Text style={[styles.cell, styles.yearCell]} />
            {sessions.map((s) => (
              <Text key={s.id} style={[styles.cell, styles.sessionCell]}>
                {formatHours(data.totals.perSession[data.sessions.indexOf(s)] ?? 0)}
              </Text>
            ))}
            <Text style={[styles.cell, styles.totalCell]}>{formatHours(data.totals.hours)}</Text>
            <Text style={[styles.cell, styles.totalCell]} />
          </View>
        )}
      </View>
      <Text style={styles.legend}>
        M = møtt · F = forsinket · I = ikke møtt · G = gyldig fravær · tall = timer deltatt · * = ikke signert. Oppmøte regnes av
        planlagte timer i gjennomførte økter ({formatHours(data.heldHours)} t). Krav: {formatPercent(data.requiredRate)}.
      </Text>
      <View style={styles.signOffs} wrap={false}>
        <Text style={styles.signOffsTitle}>Signering av oppropet</Text>
        {sessions.map((s) => {
          const signed = signOffs.get(s.id);
          return (
            <Text key={s.id}>
              {formatNorwegianDate(s.date)} {s.startTime.replace(':', '.')}–{s.endTime.replace(':', '.')}:{' '}
              {signed ? `signert ${formatMoment(signed.at, 'nb')} av ${signed.by === null ? 'slettet konto' : line(signed.by)}` : 'ikke signert'}
            </Text>
          );
        })}
      </View>
      {lastPage && (
        <View style={styles.signature}>
          <Text style={styles.line}>Dato</Text>
          <Text style={styles.line} hyphenationCallback={wrapSignature}>
            Signatur lærer ({data.course.teacher})
          </Text>
        </View>
      )}
    </Page>
  );
}

/** The printable attendance list a funder asks for, as PDF bytes. */
export async function renderAttendanceListPdf(listData: AttendanceListData, signOffList: readonly SessionSignOff[] = []): Promise<Buffer> {
  const signOffs = new Map(signOffList.map((s) => [s.sessionId, s]));
  await loadPdfFonts();
  const data = printable(listData);
  const starts: number[] = [];
  for (let i = 0; i < Math.max(data.sessions.length, 1); i += SESSIONS_PER_PAGE) starts.push(i);
  return renderToBuffer(
    <Document title={`Oppmøteliste – ${data.course.name}`} author="Neo Kurs" language="nb">
      {starts.map((from) => (
        <AttendancePage key={from} data={data} from={from} signOffs={signOffs} />
      ))}
    </Document>,
  );
}

/** Names and course texts stored before the schemas refused line breaks, controls and bidi overrides, made safe to print. */
function printable(data: AttendanceListData): AttendanceListData {
  return {
    ...data,
    course: { ...data.course, name: safeSingleLine(data.course.name), place: safeSingleLine(data.course.place), teacher: safeSingleLine(data.course.teacher) },
    rows: data.rows.map((row) => ({
      ...row,
      firstName: safeSingleLine(row.firstName),
      lastName: safeSingleLine(row.lastName),
      employerName: row.employerName === null ? null : safeSingleLine(row.employerName),
    })),
  };
}
