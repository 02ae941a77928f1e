import { createRequire } from 'node:module';
import { Font } from '@react-pdf/renderer';
import type { FontkitFont } from './glyph-text';
import { keepGlyphText } from './glyph-text';

/**
 * One embedded TTF family (Noto Sans, shipped as an npm package) so æøå look the
 * same on every machine, and no automatic hyphenation (it split "Ålesund").
 */
export const PDF_FONT = 'Noto Sans';

const WEIGHTS = [400, 700] as const;

let registered = false;

export function registerPdfFonts(): void {
  if (registered) return;
  const require = createRequire(import.meta.url);
  Font.register({
    family: PDF_FONT,
    fonts: [
      { src: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'), fontWeight: 400 },
      { src: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'), fontWeight: 700 },
    ],
  });
  Font.registerHyphenationCallback((word) => [word]);
  registered = true;
}

interface FontSourceLike {
  load(): Promise<void>;
  data: FontkitFont | null;
}

/** The fontkit font @react-pdf loaded for a weight of the PDF font (once per process), or null. */
export async function loadedPdfFont(fontWeight: (typeof WEIGHTS)[number]): Promise<FontkitFont | null> {
  registerPdfFonts();
  const store = Font as unknown as { getFont(descriptor: { fontFamily: string; fontWeight: number }): FontSourceLike | undefined };
  const source = store.getFont({ fontFamily: PDF_FONT, fontWeight });
  if (!source) return null;
  await source.load();
  return source.data;
}

/**
 * Registers and loads the PDF fonts, and fixes what their text layer says
 * (see glyph-text.ts). Every document waits for this before it is rendered:
 * the fix must be in place before the process lays out its first glyph.
 */
export async function loadPdfFonts(): Promise<void> {
  for (const weight of WEIGHTS) {
    const font = await loadedPdfFont(weight);
    if (font) keepGlyphText(font);
  }
}
