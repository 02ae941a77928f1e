/** @jsxRuntime automatic */
/** @jsxImportSource react */
// (pragmas: tools that run this file directly, such as tsx, do not see the Node tsconfig)
import { createHash } from 'node:crypto';
import { Document, Image, Page, StyleSheet, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { PDFDocument } from './pdf-lib';
import PDFKitDocument from 'pdfkit';
import { formatNorwegianDate } from '../../contract/formats';
import { safeMultiLine, safeSingleLine } from '../../contract/text';
import type { CertificateContent } from '../../contract/types';
import { DRAFT_NUMBER } from './draft';
import { PDF_FONT, loadPdfFonts, loadedPdfFont } from './fonts';
import type { FontkitFont } from './glyph-text';
import { wrapLongWords } from './wrap';

/** The provider's logo as a data URI: one string for every page, so the PDF embeds the image once. */
export type LogoDataUri = string | null;

const LABELS = {
  nb: {
    title: 'Kursbevis',
    certifies: 'Dette bekrefter at',
    born: 'født',
    attended: 'har deltatt på kurset',
    place: 'Sted',
    period: 'Periode',
    extent: 'Omfang',
    attendedHours: 'Deltatt',
    hours: (n: string) => `${n} timer`,
    content: 'Innhold',
    goals: 'Læringsmål',
    orgNr: 'Org.nr.',
    number: 'Kursbevis nr.',
    code: 'Verifiseringskode',
    issued: 'Utstedt',
    signature: 'Underskrift',
    verifyHint: 'Kursbeviset kan kontrolleres hos kursleverandøren med verifiseringskoden.',
  },
  en: {
    title: 'Course certificate',
    certifies: 'This is to certify that',
    born: 'born',
    attended: 'has attended the course',
    place: 'Place',
    period: 'Period',
    extent: 'Extent',
    attendedHours: 'Attended',
    hours: (n: string) => `${n} hours`,
    content: 'Content',
    goals: 'Learning goals',
    orgNr: 'Org. no.',
    number: 'Certificate no.',
    code: 'Verification code',
    issued: 'Issued',
    signature: 'Signature',
    verifyHint: 'The certificate can be verified with the course provider using the verification code.',
  },
} as const;

const formatters = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }),
};

/** "923 609 016". */
export const formatOrganisationNumber = (digits: string) => digits.replace(/^(\d{3})(\d{3})(\d{3})$/, '$1 $2 $3');

const styles = StyleSheet.create({
  page: { fontFamily: PDF_FONT, fontSize: 10, paddingTop: 42, paddingBottom: 36, paddingHorizontal: 56 },
  header: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start', minHeight: 56 },
  logo: { maxHeight: 56, maxWidth: 160, objectFit: 'contain' },
  provider: { textAlign: 'right', fontSize: 9, color: '#333' },
  providerName: { fontWeight: 700, fontSize: 10, color: '#000' },
  title: { marginTop: 36, fontSize: 30, fontWeight: 700, textAlign: 'center', letterSpacing: 1 },
  lead: { marginTop: 22, textAlign: 'center', fontSize: 11 },
  name: { marginTop: 6, textAlign: 'center', fontSize: 24, fontWeight: 700 },
  born: { marginTop: 2, textAlign: 'center', fontSize: 11 },
  course: { marginTop: 6, textAlign: 'center', fontSize: 17, fontWeight: 700 },
  facts: { marginTop: 22, lineHeight: 1.5, flexDirection: 'row', borderTopWidth: 1, borderBottomWidth: 1, borderColor: '#999', paddingVertical: 6 },
  factLabel: { width: 62, fontFamily: PDF_FONT, fontWeight: 700 },
  factValue: { flex: 1 },
  section: { marginTop: 12 },
  sectionTitle: { fontWeight: 700, marginBottom: 2 },
  spacer: { flexGrow: 1 },
  signature: { marginTop: 18, flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-end' },
  signatureBox: { width: 230, borderTopWidth: 1, borderColor: '#000', paddingTop: 3 },
  // Behind everything, across the middle: a printed preview can never pass for a certificate.
  watermark: {
    position: 'absolute',
    top: 360,
    left: 0,
    right: 0,
    textAlign: 'center',
    fontSize: 110,
    fontWeight: 700,
    color: '#e3e3e3',
    transform: 'rotate(-35deg)',
  },
  footer: { marginTop: 18, borderTopWidth: 1, borderColor: '#999', paddingTop: 5, fontSize: 8, color: '#333' },
});

/**
 * A certificate is one A4 page. Long course texts shrink rather than spill
 * onto a second page: measured on this layout, description and learning goals
 * of n characters in all fit at a size f while n·f² stays below about 150 000,
 * so sizes start from a margin below that, between 4 and 10 pt.
 */
const BODY_FIT = 120_000;
function bodySize(content: CertificateContent): number {
  const length = (content.course.description?.length ?? 0) + (content.course.learningGoals?.length ?? 0);
  if (length === 0) return 10;
  return Math.min(10, Math.max(4, Math.floor(Math.sqrt(BODY_FIT / length) * 4) / 4));
}

/**
 * How far a certificate is shrunk past its first estimate: each step makes
 * every size and gap 15 % smaller. Only very long names, places or texts
 * together need a step; the worst case the contract allows needs a few.
 */
const SHRINK_STEP = 0.85;
const MAX_SHRINK = 8;

/** Widths in points of the text columns, for breaking words wider than their line (A4 less the page padding). */
const WIDTH = { page: 595.28 - 2 * 56, factValue: (595.28 - 2 * 56 - 2 * 62) / 2, provider: 595.28 - 2 * 56 - 160, signature: 230 } as const;

function CertificatePage({
  content,
  logo,
  shrink,
  onLaidOut,
}: {
  content: CertificateContent;
  logo: LogoDataUri;
  shrink: number;
  onLaidOut?: (() => void) | undefined;
}) {
  const t = LABELS[content.language];
  const n = formatters[content.language];
  const { provider, participant, course, signer } = content;
  const k = SHRINK_STEP ** shrink;
  // Sizes and gaps of a shrunk page; the unshrunk page uses the style sheet as it is.
  const scaled = (style: { fontSize?: number; marginTop?: number }) =>
    shrink === 0 ? style : { ...style, ...(style.fontSize ? { fontSize: style.fontSize * k } : {}), ...(style.marginTop ? { marginTop: style.marginTop * k } : {}) };
  const textSize = { fontSize: bodySize(content) * k, lineHeight: 1.3 };
  const nameWords = wrapLongWords(WIDTH.page, styles.name.fontSize * k, 700);
  // Each Text is one string (layout and rendering cost is per run), and one line: a "\n" inside a
  // string makes @react-pdf reference a non-embedded Helvetica for the line break. A word wider
  // than the column breaks between letters, never with an added hyphen.
  const lines = (texts: (string | null)[], width: number = WIDTH.page, size = 10 * k) =>
    texts.filter((text): text is string => Boolean(text)).map((text, i) => (
      <Text key={i} hyphenationCallback={wrapLongWords(width, size)}>
        {text}
      </Text>
    ));
  /** Multi-line text (a course description) as one Text per line, for the same reason. */
  const paragraphs = (text: string) =>
    text.split('\n').map((line, i) => (
      <Text key={i} style={textSize} hyphenationCallback={wrapLongWords(WIDTH.page, textSize.fontSize)}>
        {line === '' ? ' ' : line}
      </Text>
    ));
  return (
    // Wrapping stays on, so text that does not fit shows as an extra page, which renderCertificatesPdf catches.
    <Page size="A4" style={shrink === 0 ? styles.page : { ...styles.page, fontSize: 10 * k }}>
      {content.number === DRAFT_NUMBER[content.language] && <Text style={styles.watermark}>{content.number}</Text>}
      <View style={styles.header}>
        {logo ? <Image src={logo} style={styles.logo} /> : <View />}
        <View style={styles.provider}>
          <Text style={styles.providerName} hyphenationCallback={wrapLongWords(WIDTH.provider, 10, 700)}>
            {provider.name}
          </Text>
          {lines(
            [
              provider.address.street,
              `${provider.address.postalCode} ${provider.address.city}`,
              `${t.orgNr} ${formatOrganisationNumber(provider.organisationNumber)}`,
            ],
            WIDTH.provider,
            9,
          )}
        </View>
      </View>

      <Text style={scaled(styles.title)}>{t.title.toUpperCase()}</Text>
      <Text style={scaled(styles.lead)}>{t.certifies}</Text>
      <Text
        style={scaled(styles.name)}
        // Called while this page is laid out: the batch's progress (no hyphenation either way).
        hyphenationCallback={(word: string) => {
          onLaidOut?.();
          return nameWords(word);
        }}
      >{`${participant.firstName} ${participant.lastName}`}</Text>
      <Text style={scaled(styles.born)}>{`${t.born} ${formatNorwegianDate(participant.birthDate)}`}</Text>
      <Text style={scaled(styles.lead)}>{t.attended}</Text>
      <Text style={scaled(styles.course)} hyphenationCallback={wrapLongWords(WIDTH.page, styles.course.fontSize * k, 700)}>
        {course.name}
      </Text>

      <View style={scaled(styles.facts)}>
        <View style={styles.factLabel}>{lines([t.place, t.period])}</View>
        <View style={styles.factValue}>
          {lines([course.place, `${formatNorwegianDate(course.startDate)}–${formatNorwegianDate(course.endDate)}`], WIDTH.factValue)}
        </View>
        <View style={styles.factLabel}>{lines([t.extent, t.attendedHours])}</View>
        <View style={styles.factValue}>{lines([t.hours(n.format(course.hours)), t.hours(n.format(content.hoursAttended))])}</View>
      </View>

      {course.description && (
        <View style={scaled(styles.section)}>
          <Text style={styles.sectionTitle}>{t.content}</Text>
          {paragraphs(course.description)}
        </View>
      )}
      {course.learningGoals && (
        <View style={scaled(styles.section)}>
          <Text style={styles.sectionTitle}>{t.goals}</Text>
          {paragraphs(course.learningGoals)}
        </View>
      )}

      <View style={styles.spacer} />

      <View style={scaled(styles.signature)}>
        {lines([`${course.place}, ${formatNorwegianDate(content.issueDate)}`], WIDTH.page - WIDTH.signature)}
        <View style={styles.signatureBox}>{lines([signer.name ?? t.signature, signer.title], WIDTH.signature)}</View>
      </View>

      <View style={scaled(styles.footer)}>
        {lines([
          `${t.number} ${content.number}   ·   ${t.code} ${content.verificationCode}   ·   ${t.issued} ${formatNorwegianDate(content.issueDate)}`,
          t.verifyHint,
        ])}
      </View>
    </Page>
  );
}

type GlyphRun = ReturnType<FontkitFont['layout']>;

/** Distinct strings kept shaped; a batch repeats the labels and course texts on every page. */
const SHAPING_CACHE_LIMIT = 20_000;
let shapingCached = false;

/**
 * Shaping a string with OpenType features is the largest cost of a page, and
 * every certificate repeats the same labels and course texts. Shaping is a pure
 * function of font, text and features, so the embedded fonts remember it (copies
 * are handed out: the layout engine may adjust positions).
 */
async function cacheShaping(): Promise<void> {
  if (shapingCached) return;
  for (const fontWeight of [400, 700] as const) {
    const font = await loadedPdfFont(fontWeight);
    if (!font) continue;
    const shape = font.layout.bind(font);
    const cache = new Map<string, GlyphRun>();
    font.layout = (text, features, script, language, direction) => {
      const key = features === undefined ? text : `${JSON.stringify(features)}\u0000${text}`;
      let run = cache.get(key);
      if (!run) {
        run = shape(text, features, script, language, direction);
        if (cache.size >= SHAPING_CACHE_LIMIT) cache.clear();
        cache.set(key, run);
      }
      return { ...run, glyphs: run.glyphs.slice(), positions: run.positions.map((p) => ({ ...p })) };
    };
  }
  shapingCached = true;
}

interface FontSwitcher {
  font: (this: FontSwitcher, src: unknown, family?: unknown, size?: unknown) => FontSwitcher;
  fontSize: (this: FontSwitcher, size: number) => FontSwitcher;
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
}

const embeddedFonts = new WeakMap<FontSwitcher, WeakMap<object, unknown>>();
let fontsReused = false;

/**
 * @react-pdf switches fonts by handing pdfkit the font object itself for every
 * run of text, and pdfkit then builds a new embedded font each time and
 * compares it with the ones it has by serialising their name tables: about a
 * tenth of a certificate's cost. The same font object always ends up as the
 * same embedded font of a document, so each document remembers it.
 */
function reuseEmbeddedFonts(): void {
  if (fontsReused) return;
  const prototype = (PDFKitDocument as { prototype: FontSwitcher }).prototype;
  const switchFont = prototype.font;
  prototype.font = function (src, family, size) {
    if (typeof src !== 'object' || src === null || (family !== undefined && typeof family !== 'number')) return switchFont.call(this, src, family, size);
    let fonts = embeddedFonts.get(this);
    if (!fonts) embeddedFonts.set(this, (fonts = new WeakMap()));
    const known = fonts.get(src);
    if (known === undefined) {
      switchFont.call(this, src, family, size);
      fonts.set(src, this._font);
      return this;
    }
    // What pdfkit's font() leaves behind when it finds an equal font, without building one to compare.
    this._fontSource = src;
    this._fontFamily = null;
    this._font = known;
    const points = typeof family === 'number' ? family : size;
    if (typeof points === 'number') this.fontSize(points);
    return this;
  };
  fontsReused = true;
}

/** Loads the fonts (and the layout engine) ahead of the first certificate, so a preview does not wait for them. */
export async function warmUpCertificateRenderer(): Promise<void> {
  await loadPdfFonts();
  reuseEmbeddedFonts();
  await cacheShaping();
}

/**
 * One PDF, one page per certificate, in the order given. `onPageLaidOut` is
 * called as each page is laid out (before the file is written): a progress signal.
 */
export async function renderCertificatesPdf(
  contents: readonly CertificateContent[],
  logo: LogoDataUri,
  onPageLaidOut?: (index: number) => void,
): Promise<Buffer> {
  await warmUpCertificateRenderer();
  // Issued certificates are printed as issued, but text stored before the schemas refused line breaks,
  // controls and bidi overrides in names is printed safely (a line break would pull in Helvetica).
  contents = contents.map(printable);
  const shrinks = contents.map(() => 0);
  let pdf = await renderDocument(contents, shrinks, logo, onPageLaidOut);
  if ((await pageCount(pdf)) === contents.length) return pdf;
  // Rare: some certificate's texts ran onto a second page. Find those one by one, shrink each until it fits, render again.
  for (const [i, content] of contents.entries()) {
    while ((await pageCount(await renderDocument([content], [shrinks[i]!], logo))) > 1) {
      if (shrinks[i]! >= MAX_SHRINK) throw new Error('certificate text does not fit on one page');
      shrinks[i]! += 1;
    }
  }
  pdf = await renderDocument(contents, shrinks, logo);
  if ((await pageCount(pdf)) !== contents.length) throw new Error('certificate text does not fit on one page');
  return pdf;
}

function renderDocument(
  contents: readonly CertificateContent[],
  shrinks: readonly number[],
  logo: LogoDataUri,
  onPageLaidOut?: (index: number) => void,
): Promise<Buffer> {
  const first = contents[0];
  const title = contents.length === 1 && first ? `${LABELS[first.language].title} ${first.number}` : LABELS.nb.title;
  // A page prints the logo only if it is the one its certificate was issued with (a reprint after the provider changed logo prints none).
  const logoHash = logo === null ? null : createHash('sha256').update(Buffer.from(logo.slice(logo.indexOf(',') + 1), 'base64')).digest('hex');
  return renderToBuffer(
    <Document title={title} author={first?.provider.name ?? 'Neo Kurs'} creator="Neo Kurs" producer="Neo Kurs" language={first?.language ?? 'nb'}>
      {contents.map((content, i) => (
        <CertificatePage
          key={content.number}
          content={content}
          logo={logoHash !== null && content.provider.logoSha256 === logoHash ? logo : null}
          shrink={shrinks[i] ?? 0}
          onLaidOut={onPageLaidOut && (() => onPageLaidOut(i))}
        />
      ))}
    </Document>,
  );
}

/** The content with every text made safe to print: single lines stay single, descriptions keep their line breaks. */
function printable(content: CertificateContent): CertificateContent {
  const line = safeSingleLine;
  const lineOrNull = (text: string | null) => (text === null ? null : line(text));
  const { provider, participant, course, signer } = content;
  return {
    ...content,
    provider: { ...provider, name: line(provider.name), address: { street: line(provider.address.street), postalCode: line(provider.address.postalCode), city: line(provider.address.city) } },
    participant: { ...participant, firstName: line(participant.firstName), lastName: line(participant.lastName) },
    course: {
      ...course,
      name: line(course.name),
      place: line(course.place),
      description: course.description === null ? null : safeMultiLine(course.description),
      learningGoals: course.learningGoals === null ? null : safeMultiLine(course.learningGoals),
    },
    signer: { name: lineOrNull(signer.name), title: lineOrNull(signer.title) },
  };
}

const pageCount = async (pdf: Buffer) => (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
