/**
 * What a PDF's text layer says comes from the glyphs: @react-pdf writes each
 * glyph's `codePoints` into the font's ToUnicode map, the first time the glyph
 * is used in a document. Two things in fontkit (the font engine under
 * @react-pdf) make those code points wrong, and both are fixed here, on the
 * font objects @react-pdf loads once per process.
 *
 * 1. fontkit keeps one glyph object per glyph id for the life of the font, with
 *    the code points of its first use (foliojs/fontkit#154). Some first uses
 *    have none or others: the TrueType subsetter creates the parts of
 *    composite glyphs with none (Å is A plus a ring, Č is C plus a caron), and
 *    shaping that splits a letter (ị into i and a dot) gives the whole letter to
 *    its first part. Every later layout of that glyph, in every later document
 *    of the process, gets the same object: A, C or z copy as nothing, i as ị.
 *    Here a layout gets a glyph with its own code points (an alias that shares
 *    the cached outline and metrics).
 *
 * 2. A PDF maps a glyph to one text per document. When shaping splits a letter
 *    the font also has whole (Noto Sans's ccmp turns ẹ ị ọ ụ ṣ … into a base
 *    letter and a combining mark), the base letter would stand for two texts
 *    (i in "Thị" and in "Lise"). Such a split is put back to the font's own
 *    glyph for the letter, so each glyph keeps one text.
 */

interface Glyph {
  id: number;
  codePoints: number[];
  isMark: boolean;
  isLigature: boolean;
}

interface GlyphPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface GlyphRun {
  glyphs: Glyph[];
  positions: GlyphPosition[];
}

/** The parts of a fontkit font this module uses. */
export interface FontkitFont {
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  layout(text: string, ...options: unknown[]): GlyphRun;
  glyphForCodePoint(codePoint: number): Glyph;
  hasGlyphForCodePoint(codePoint: number): boolean;
  stringsForGlyph(id: number): string[];
}

const fixed = new WeakSet<object>();

/** Makes `font` give every layout glyphs with that layout's code points (see above). Idempotent. */
export function keepGlyphText(font: FontkitFont): void {
  if (fixed.has(font)) return;
  fixed.add(font);
  aliasGlyphsPerText(font);
  recomposeSplitLetters(font);
}

const sameCodePoints = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((c, i) => c === b[i]);
const isMark = (codePoint: number) => /\p{M}/u.test(String.fromCodePoint(codePoint));

function aliasGlyphsPerText(font: FontkitFont): void {
  const getGlyph = font.getGlyph.bind(font);
  // One alias per glyph and text: bounded by the font's glyphs and the ligatures it forms.
  const aliases = new Map<string, Glyph>();
  // The subsetter and outline code call getGlyph(id) alone; they get the cached glyph, made without code points.
  font.getGlyph = (id, codePoints = []) => {
    const glyph = getGlyph(id);
    if (!glyph || sameCodePoints(glyph.codePoints, codePoints)) return glyph;
    const key = `${id}:${codePoints.join(',')}`;
    let alias = aliases.get(key);
    if (!alias) {
      // Own text and the flags fontkit derives from it; outline and metrics come from the cached glyph.
      alias = Object.create(glyph) as Glyph;
      alias.codePoints = [...codePoints];
      alias.isMark = codePoints.length > 0 && codePoints.every(isMark);
      alias.isLigature = codePoints.length > 1;
      aliases.set(key, alias);
    }
    return alias;
  };
}

function recomposeSplitLetters(font: FontkitFont): void {
  const layout = font.layout.bind(font);
  const combining = new Map<number, boolean>();
  /** A glyph the font maps from a combining mark (such as the dot of ị). */
  const isCombiningGlyph = (id: number) => {
    let verdict = combining.get(id);
    if (verdict === undefined) {
      verdict = font.stringsForGlyph(id).some((text) => [...text].every((c) => isMark(c.codePointAt(0)!)));
      combining.set(id, verdict);
    }
    return verdict;
  };
  font.layout = (text, ...options) => {
    const run = layout(text, ...options);
    const { glyphs, positions } = run;
    for (let i = 0; i < glyphs.length; i++) {
      const codePoints = glyphs[i]!.codePoints;
      if (codePoints.length !== 1) continue;
      // A split letter: its first glyph carries the letter, the marks after it carry nothing.
      let end = i + 1;
      while (end < glyphs.length && glyphs[end]!.codePoints.length === 0 && isCombiningGlyph(glyphs[end]!.id)) end++;
      if (end === i + 1 || !font.hasGlyphForCodePoint(codePoints[0]!)) continue;
      const whole = font.glyphForCodePoint(codePoints[0]!);
      if (whole.id === glyphs[i]!.id) continue;
      // The marks advance nothing; keep the letter's advance with any kerning shaping gave it.
      let xAdvance = 0;
      for (let j = i; j < end; j++) xAdvance += positions[j]!.xAdvance;
      positions.splice(i, end - i, { ...positions[i]!, xAdvance });
      glyphs.splice(i, end - i, whole);
    }
    return run;
  };
}
