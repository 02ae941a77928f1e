import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Which characters the certificate font can print, read from the embedded
 * Noto Sans files themselves with fontkit (the font engine @react-pdf uses), so
 * the check and the PDF agree. A character the font lacks would print as an
 * empty box; the batch refuses it before anything is written.
 */
interface FontkitFont {
  hasGlyphForCodePoint(codePoint: number): boolean;
}
interface Fontkit {
  create(buffer: Buffer): FontkitFont;
}

const FONT_FILES = [
  '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
];

let fonts: FontkitFont[] | null = null;
const verdicts = new Map<number, boolean>();

function loadFonts(): FontkitFont[] {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const fontkit = require('fontkit') as Fontkit;
    fonts = FONT_FILES.map((file) => fontkit.create(readFileSync(require.resolve(file))));
  }
  return fonts;
}

function printable(codePoint: number): boolean {
  let verdict = verdicts.get(codePoint);
  if (verdict === undefined) {
    verdict = loadFonts().every((font) => font.hasGlyphForCodePoint(codePoint));
    verdicts.set(codePoint, verdict);
  }
  return verdict;
}

/** The distinct characters of `text` the certificate font cannot print (line breaks and spaces are layout, not glyphs). */
export function unprintableCharacters(text: string): string[] {
  const missing = new Set<string>();
  for (const char of text) {
    if (/\s/u.test(char)) continue;
    if (!printable(char.codePointAt(0)!)) missing.add(char);
  }
  return [...missing];
}

/** "U+1F600 😀" style listing for messages, so invisible characters are named too. */
export const describeCharacters = (chars: string[]) =>
  chars.map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}${/\p{L}|\p{N}|\p{S}|\p{P}/u.test(c) ? ` ${c}` : ''}`).join(', ');
