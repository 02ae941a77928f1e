/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { formatNorwegianDate } from '../../contract/formats';
import { isoWeekday } from '../services/sessions';
import type { SignInSheetData } from '../services/sign-in-sheet';
import { PDF_FONT, loadPdfFonts } from './fonts';
import { line } from './report-layout';
import { wrapLongWords } from './wrap';

const WEEKDAY = ['', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'] as const;
const time = (t: string) => t.replace(':', '.');

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 10, padding: 32 },
  title: { fontSize: 15, fontWeight: 700, marginBottom: 4 },
  facts: { marginBottom: 10, fontSize: 10 },
  table: { borderTopWidth: 1, borderLeftWidth: 1, borderColor: '#333' },
  row: { flexDirection: 'row', minHeight: 30 },
  cell: { borderRightWidth: 1, borderBottomWidth: 1, borderColor: '#333', padding: 3 },
  number: { width: 24, textAlign: 'right' },
  name: { width: 170 },
  box: { flexGrow: 1, flexBasis: 0 },
  head: { fontWeight: 700, backgroundColor: '#eee', minHeight: 0 },
  noticed: { fontSize: 8, color: '#555' },
  legend: { marginTop: 10, fontSize: 8.5 },
  signature: { marginTop: 28, flexDirection: 'row', gap: 40, fontSize: 9 },
  line: { borderTopWidth: 1, borderColor: '#000', width: 220, paddingTop: 3 },
});

const wrapName = wrapLongWords(170 - 7, 10);
const wrapTitle = wrapLongWords(595 - 64, 15, 700);

/** "tirsdag 01.04.2025 09.00–11.30": the weekday spelled out, so a sheet cannot be filled in on the wrong day. */
const sessionLabel = (s: SignInSheetData['sessions'][number]) =>
  `${WEEKDAY[isoWeekday(s.date)]} ${formatNorwegianDate(s.date)} ${time(s.startTime)}–${time(s.endTime)}`;

function SheetPage({ data }: { data: SignInSheetData }) {
  const week = data.layout === 'week';
  const heading = week
    ? `Uke ${formatNorwegianDate(data.from)}–${formatNorwegianDate(data.to)}`
    : data.sessions[0]
      ? sessionLabel(data.sessions[0])
      : formatNorwegianDate(data.from);
  return (
    <Page size="A4" orientation={week && data.sessions.length > 2 ? 'landscape' : 'portrait'} style={styles.page}>
      <Text style={styles.title} hyphenationCallback={wrapTitle}>
        Signeringsliste – {line(data.course.name)}
      </Text>
      <Text style={styles.facts}>
        {heading} · Sted: {line(data.course.place)} · Lærer: {line(data.course.teacher)}
      </Text>
      {data.sessions.length === 0 ? (
        <Text>Ingen økter denne uken.</Text>
      ) : (
        <View style={styles.table}>
          <View style={[styles.row, styles.head]} fixed>
            <Text style={[styles.cell, styles.number]}>Nr.</Text>
            <Text style={[styles.cell, styles.name]}>Deltaker</Text>
            {data.sessions.map((s) =>
              week ? (
                // Two lines as two Texts: a line break inside a Text pulls in an unembedded font.
                <View key={s.id} style={[styles.cell, styles.box]}>
                  <Text>
                    {WEEKDAY[isoWeekday(s.date)]} {formatNorwegianDate(s.date)}
                  </Text>
                  <Text>
                    {time(s.startTime)}–{time(s.endTime)}
                  </Text>
                </View>
              ) : (
                <Text key={s.id} style={[styles.cell, styles.box]}>
                  Signatur
                </Text>
              ),
            )}
          </View>
          {data.rows.map((row, index) => (
            <View key={row.participantId} style={styles.row} wrap={false}>
              <Text style={[styles.cell, styles.number]}>{index + 1}</Text>
              {/* Each name is its own text run, last name first as in the roll call. */}
              <Text style={[styles.cell, styles.name]} hyphenationCallback={wrapName}>
                {line(row.lastName)}, {line(row.firstName)}
              </Text>
              {data.sessions.map((s, i) => (
                <View key={s.id} style={[styles.cell, styles.box]}>
                  {row.noticed[i] && <Text style={styles.noticed}>Meldt fravær</Text>}
                </View>
              ))}
            </View>
          ))}
        </View>
      )}
      {data.rows.length === 0 && <Text style={styles.legend}>Ingen deltakere er påmeldt.</Text>}
      <Text style={styles.legend}>
        Hver deltaker signerer i sin rute. Læreren skriver I for ikke møtt, G for gyldig fravær og klokkeslettet ved siden av signaturen for den som
        kom for sent. Listen føres inn i oppropet i samme rekkefølge.
      </Text>
      <View style={styles.signature}>
        <Text style={styles.line}>Dato</Text>
        <Text style={styles.line}>Signatur lærer</Text>
      </View>
    </Page>
  );
}

/** A blank sign-in sheet as PDF bytes. */
export async function renderSignInSheetPdf(data: SignInSheetData): Promise<Buffer> {
  await loadPdfFonts();
  return renderToBuffer(
    <Document title={`Signeringsliste – ${line(data.course.name)}`} author="Neo Kurs" language="nb">
      <SheetPage data={data} />
    </Document>,
  );
}

/** "Signeringsliste – Norsk på jobben – 01.04.2025.pdf" (the week's Monday for a week), like the attendance list's name. */
export const signInSheetFileName = (data: SignInSheetData) =>
  `Signeringsliste – ${line(data.course.name).replace(/[\\/:*?"<>|]/g, '-')} – ${data.layout === 'week' ? 'uke ' : ''}${formatNorwegianDate(data.from)}.pdf`;
