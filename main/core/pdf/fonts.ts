import { createRequire } from 'node:module';
import { Font } from '@react-pdf/renderer';

/**
 * One embedded TTF family (Noto Sans, shipped as an npm package) so æøå look the
 * same on every machine, and no automatic hyphenation (it split "Ålesund").
 */
export const PDF_FONT = 'Noto Sans';

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
