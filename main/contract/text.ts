/* eslint-disable no-control-regex -- this module exists to find and remove control characters */
/**
 * Text typed by people: what a field may hold, and how text already stored is
 * made safe to show and print. Shared by the schemas (which refuse), the core
 * (which cleans rows written before the rules existed) and the PDF renderers.
 *
 * - Everything is stored NFC-normalised, so "Å" typed as A + combining ring is
 *   the same text as "Å".
 * - Single-line fields (names, places, e-mail) hold no line break, no other
 *   control character and no bidirectional override or isolate: one name must
 *   never reorder the text around it or break a printed line.
 * - Multi-line fields (course description, learning goals, interests) keep
 *   line breaks but refuse the other controls and the bidi overrides.
 */

/** Line breaks: LF, CR, vertical tab, form feed, NEL, line and paragraph separators. */
const LINE_BREAK = /[\n\r\u000B\u000C\u0085\u2028\u2029]/u;
/** Bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069). */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;
/** C0 and C1 control characters (tab included), and UTF-16 halves without their partner. */
const CONTROL = /[\p{Cc}\p{Cs}]/u;

/** The first rule a text breaks, as a validation key; null when it is fine. */
export type TextProblem = 'lineBreak' | 'controlCharacter' | 'bidiControl';

export function hasLineBreak(text: string): boolean {
  return LINE_BREAK.test(text);
}

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

/** A control character other than a line break (line breaks are reported on their own). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text.replace(new RegExp(LINE_BREAK.source, 'gu'), ''));
}

export function singleLineProblem(text: string): TextProblem | null {
  if (hasLineBreak(text)) return 'lineBreak';
  if (hasBidiControl(text)) return 'bidiControl';
  if (hasControlCharacter(text)) return 'controlCharacter';
  return null;
}

/** Multi-line text: LF line breaks are fine (CR LF and CR are normalised to LF before this check). */
export function multiLineProblem(text: string): TextProblem | null {
  const withoutNewlines = text.replace(/\n/g, '');
  if (hasBidiControl(withoutNewlines)) return 'bidiControl';
  if (CONTROL.test(withoutNewlines) || /[\u2028\u2029]/u.test(withoutNewlines)) return 'controlCharacter';
  return null;
}

/** "a\r\nb" and "a\rb" → "a\nb": one kind of line break in multi-line text. */
export const unifyLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');

const BIDI_GLOBAL = new RegExp(BIDI_CONTROL.source, 'gu');
const dropControls = (text: string, keep = '') => text.replace(/[\p{Cc}\p{Cs}]/gu, (c) => (keep.includes(c) ? c : ''));

/**
 * Single-line text made safe whatever it holds (rows stored before the schemas
 * refused such characters, or a register entry that must stay as issued):
 * NFC, line breaks and tabs become one space, other controls and bidi
 * overrides go, surrounding space is trimmed.
 */
export function safeSingleLine(text: string): string {
  return dropControls(text.normalize('NFC').replace(BIDI_GLOBAL, '').replace(/[\t\n\r\u000B\u000C\u0085\u2028\u2029]+/gu, ' ')).trim();
}

/** Multi-line text made safe: NFC, LF line breaks kept, tabs become a space, other controls and bidi overrides go. */
export function safeMultiLine(text: string): string {
  const lines = unifyLineBreaks(text.normalize('NFC')).replace(/[\u0085\u2028\u2029]/gu, '\n');
  return dropControls(lines.replace(BIDI_GLOBAL, '').replace(/[\t\u000B\u000C]/g, ' '), '\n').trim();
}
