import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Long words on paper: a word wider than its line (a 60-letter name, a long
 * e-mail-like course name) would run off the page and lose its letters. Like
 * CSS `overflow-wrap: anywhere`, such a word may break between any two letters,
 * and never with a hyphen that is not in it. Words that fit are never broken.
 *
 * Widths are measured with fontkit on the same Noto Sans files the PDFs embed,
 * loaded here on their own so this never touches the fonts @react-pdf lays
 * out and subsets with.
 */

interface FontkitGlyph {
  advanceWidth: number;
}
interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): FontkitGlyph;
}
interface Fontkit {
  create(buffer: Buffer): FontkitFont;
}

export type FontWeight = 400 | 700;

const FONT_FILES: Record<FontWeight, string> = {
  400: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  700: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
};

const fonts = new Map<FontWeight, FontkitFont>();
const advances = new Map<string, number>();

function fontOf(weight: FontWeight): FontkitFont {
  let font = fonts.get(weight);
  if (!font) {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as Fontkit;
    font = fontkit.create(readFileSync(require.resolve(FONT_FILES[weight])));
    fonts.set(weight, font);
  }
  return font;
}

/** Advance width of one character in em. */
function advance(char: string, weight: FontWeight): number {
  const key = `${weight}${char}`;
  let width = advances.get(key);
  if (width === undefined) {
    const font = fontOf(weight);
    width = font.glyphForCodePoint(char.codePointAt(0)!).advanceWidth / font.unitsPerEm;
    advances.set(key, width);
  }
  return width;
}

/** Width of a text in points (kerning left out: it only narrows a word). */
export function textWidth(text: string, fontSize: number, weight: FontWeight = 400): number {
  let em = 0;
  for (const char of text) em += advance(char, weight);
  return em * fontSize;
}

const graphemes = new Intl.Segmenter('nb', { granularity: 'grapheme' });

/**
 * A hyphenation callback for a @react-pdf Text whose lines are `width` points
 * wide at `fontSize`. A word that fits comes back whole; a wider one in its
 * letters with empty parts between them: @react-pdf's line breaker treats an
 * empty part as a break of no width that adds no hyphen (a part that is not
 * empty would be a hyphenation point, and get a "-").
 */
export function wrapLongWords(width: number, fontSize: number, weight: FontWeight = 400): (word: string) => string[] {
  return (word) => {
    if (textWidth(word, fontSize, weight) <= width) return [word];
    return [...graphemes.segment(word)].flatMap(({ segment }, i) => (i === 0 ? [segment] : ['', segment]));
  };
}
