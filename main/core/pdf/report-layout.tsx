/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import type { ReactNode } from 'react';
import { StyleSheet, Text, View } from '@react-pdf/renderer';
import { formatNorwegianDate, formatNorwegianTime } from '../../contract/formats';
import type { Language } from '../../contract/messages';
import { safeMultiLine, safeSingleLine } from '../../contract/text';
import { describeCharacters, unprintableCharacters } from '../services/certificates-glyphs';
import { PDF_FONT } from './fonts';
import { wrapLongWords } from './wrap';

/**
 * The parts the text documents (access report, record of processing) share:
 * A4 portrait, Noto Sans, headings, label–value facts and tables whose long
 * words wrap inside their column, and a footer with page numbers.
 */

const PAGE = { width: 595.28, padding: 48 } as const;
/** Width of the text on a page, in points. */
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.padding;
const FONT_SIZE = 9.5;
const CELL_PADDING = 3;
const LABEL_WIDTH = 150;

export const reportStyles = StyleSheet.create({
  // No lineHeight anywhere: Noto Sans's own line gap reads well, a lineHeight on the page hides the absolutely placed footer,
  // and one below the font's own line height sends @react-pdf's line breaker into an endless loop on some texts.
  page: { fontFamily: PDF_FONT, fontSize: FONT_SIZE, paddingTop: 44, paddingBottom: 56, paddingHorizontal: PAGE.padding },
  title: { fontSize: 18, fontWeight: 700, marginBottom: 4 },
  subtitle: { fontSize: 11, marginBottom: 10 },
  heading: { fontSize: 12.5, fontWeight: 700, marginTop: 16, marginBottom: 5 },
  subheading: { fontSize: 10.5, fontWeight: 700, marginTop: 8, marginBottom: 3 },
  paragraph: { marginBottom: 5 },
  muted: { color: '#444' },
  factRow: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: '#bbb', paddingVertical: 2 },
  factLabel: { width: LABEL_WIDTH, fontWeight: 700, paddingRight: 6 },
  factValue: { width: CONTENT_WIDTH - LABEL_WIDTH },
  table: { borderTopWidth: 0.75, borderLeftWidth: 0.75, borderColor: '#777', marginBottom: 4 },
  row: { flexDirection: 'row' },
  head: { backgroundColor: '#eee', fontWeight: 700 },
  cell: { borderRightWidth: 0.75, borderBottomWidth: 0.75, borderColor: '#777', padding: CELL_PADDING },
  footer: { position: 'absolute', bottom: 26, left: PAGE.padding, right: PAGE.padding, fontSize: 8, color: '#444', flexDirection: 'row', justifyContent: 'space-between' },
});

const wrappers = new Map<string, (word: string) => string[]>();
/** A hyphenation callback that breaks only words wider than `width` points (cached per width and weight). */
export function wrapAt(width: number, fontSize = FONT_SIZE, weight: 400 | 700 = 400): (word: string) => string[] {
  const key = `${Math.round(width)}/${fontSize}/${weight}`;
  let wrap = wrappers.get(key);
  if (!wrap) {
    wrap = wrapLongWords(width, fontSize, weight);
    wrappers.set(key, wrap);
  }
  return wrap;
}

/** A character the embedded font lacks is printed as its code point, so the text layer still says what is stored. */
function spellOutUnprintable(text: string): string {
  const missing = unprintableCharacters(text);
  if (missing.length === 0) return text;
  let out = '';
  for (const char of text) out += missing.includes(char) ? `[${describeCharacters([char]).split(' ')[0]}]` : char;
  return out;
}

/** One line of stored text made safe to print: no controls or bidi overrides, nothing the font cannot show. */
export const line = (text: string | null | undefined): string => (text ? spellOutUnprintable(safeSingleLine(text)) : '');

/** Text of several lines, as separate lines (a line break inside a Text pulls in an unembedded font). */
export const lines = (text: string | null | undefined): string[] => (text ? spellOutUnprintable(safeMultiLine(text)).split('\n') : []);

const OSLO = 'Europe/Oslo';
const dateTimeParts = new Intl.DateTimeFormat('sv-SE', { timeZone: OSLO, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const englishDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "2025-03-10" → "10.03.2025" (nb) or "10 March 2025" (en). */
export function formatDay(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  if (language === 'nb') return formatNorwegianDate(iso);
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : englishDate.format(date);
}

/** An ISO timestamp in Norwegian time: "10.03.2025 kl. 10.00" or "10 March 2025, 10:00". */
export function formatMoment(iso: string | null | undefined, language: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const [day, time] = dateTimeParts.format(date).split(' ') as [string, string];
  return language === 'nb' ? `${formatNorwegianDate(day)} kl. ${formatNorwegianTime(time)}` : `${formatDay(day, 'en')}, ${time}`;
}

/** The day (in Norway) of an ISO timestamp: "2025-03-10". */
export const osloDay = (iso: string) => dateTimeParts.format(new Date(iso)).split(' ')[0]!;

const numbers = { nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }) };
export const formatNumber = (n: number, language: Language) => numbers[language].format(n);

/** "974760673" → "974 760 673". */
export const formatOrganisationNumber = (digits: string) => digits.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

export function Heading({ children }: { children: string }) {
  return (
    <Text style={reportStyles.heading} hyphenationCallback={wrapAt(CONTENT_WIDTH, 12.5, 700)} minPresenceAhead={40}>
      {children}
    </Text>
  );
}

export function Subheading({ children }: { children: string }) {
  return (
    <Text style={reportStyles.subheading} hyphenationCallback={wrapAt(CONTENT_WIDTH, 10.5, 700)} minPresenceAhead={30}>
      {children}
    </Text>
  );
}

export function Paragraph({ children, muted = false }: { children: string; muted?: boolean }) {
  return (
    <Text style={muted ? [reportStyles.paragraph, reportStyles.muted] : reportStyles.paragraph} hyphenationCallback={wrapAt(CONTENT_WIDTH)}>
      {children}
    </Text>
  );
}

/** Label–value rows; a value may have several lines. Rows without a value are left out. */
export function Facts({ rows }: { rows: [string, string | string[] | null][] }) {
  return (
    <View>
      {rows
        .filter(([, value]) => value !== null && value !== '' && !(Array.isArray(value) && value.length === 0))
        .map(([label, value]) => (
          <View key={label} style={reportStyles.factRow} wrap={false}>
            <Text style={reportStyles.factLabel} hyphenationCallback={wrapAt(LABEL_WIDTH - 6, FONT_SIZE, 700)}>
              {label}
            </Text>
            <View style={reportStyles.factValue}>
              {(Array.isArray(value) ? value : [value!]).map((text, i) => (
                <Text key={i} hyphenationCallback={wrapAt(CONTENT_WIDTH - LABEL_WIDTH)}>
                  {text}
                </Text>
              ))}
            </View>
          </View>
        ))}
    </View>
  );
}

/** A cell's content: one line, or several (multi-line text such as a note). */
export type Cell = string | string[];

/**
 * A table over the text width: `weights` share it out between the columns.
 * The header row repeats on every page the table runs over; a row is never
 * split between pages.
 */
export function Table({ columns, rows, empty }: { columns: { title: string; weight: number }[]; rows: Cell[][]; empty?: string }) {
  if (rows.length === 0 && empty) return <Paragraph muted>{empty}</Paragraph>;
  const total = columns.reduce((sum, c) => sum + c.weight, 0);
  const widths = columns.map((c) => (c.weight / total) * CONTENT_WIDTH);
  const cell = (content: Cell, i: number, bold: boolean): ReactNode => {
    const width = widths[i]!;
    const wrap = wrapAt(width - 2 * CELL_PADDING - 1, FONT_SIZE, bold ? 700 : 400);
    return (
      <View key={i} style={[reportStyles.cell, { width }]}>
        {(Array.isArray(content) ? content : [content]).map((text, j) => (
          <Text key={j} hyphenationCallback={wrap}>
            {text}
          </Text>
        ))}
      </View>
    );
  };
  return (
    <View style={reportStyles.table}>
      <View style={[reportStyles.row, reportStyles.head]} fixed>
        {columns.map((c, i) => cell(c.title, i, true))}
      </View>
      {rows.map((row, r) => (
        <View key={r} style={reportStyles.row} wrap={false}>
          {row.map((content, i) => cell(content, i, false))}
        </View>
      ))}
    </View>
  );
}

/** "Innsyn for Kari Nordmann · 10.03.2025" on the left, "Side 1 av 3" on the right, on every page. */
export function Footer({ left, page }: { left: string; page: (pageNumber: number, totalPages: number) => string }) {
  return (
    <View style={reportStyles.footer} fixed>
      <Text hyphenationCallback={wrapAt(CONTENT_WIDTH - 90, 8)}>{left}</Text>
      <Text render={({ pageNumber, totalPages }) => page(pageNumber, totalPages)} />
    </View>
  );
}
