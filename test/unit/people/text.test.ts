import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidEmail } from '../../../main/contract/formats';
import { email, optionalMultiLine, singleLine } from '../../../main/contract/schemas';
import { multiLineProblem, safeMultiLine, safeSingleLine, singleLineProblem } from '../../../main/contract/text';

/**
 * Item 14, 16 and 17 of issue 8 at the level of the contract: what a text
 * field accepts, in what form it is stored, and how stored text is made safe.
 */

const BIDI = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];
const LINE_BREAKS = ['\n', '\r', '\r\n', '\u000B', '\u000C', '\u0085', '\u2028', '\u2029'];
const CONTROLS = ['\u0000', '\u0007', '\t', '\u001B', '\u007F', '\u0090', '\u009B', '\uD800', '\uDFFF'];

/** Letters people have in their names here, with combining accents now and then. */
const nameChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZæøåÆØÅéèüöäśńłčžçñğıİß -\'’محمدעבריתΣσς李'.split(''), 'A\u030A', 'o\u0308', 'e\u0301');
const name = fc.array(nameChar, { minLength: 1, maxLength: 30 }).map((chars) => chars.join('')).filter((s) => s.trim() !== '');
/** Any text at all, including controls, lone surrogates and every plane. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom(...BIDI, ...LINE_BREAKS, ...CONTROLS, 'a', 'Å', 'A\u030A', ' '), maxLength: 20 }));

const firstIssue = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;

describe('single-line fields (names, places, e-mail)', () => {
  const field = singleLine(100);

  it('store what was typed as NFC, so decomposed and composed letters are the same text', () => {
    fc.assert(
      fc.property(name, (typed) => {
        const composed = field.parse(typed);
        expect(composed).toBe(typed.normalize('NFC').trim());
        expect(field.parse(typed.normalize('NFD'))).toBe(composed);
        expect(composed.normalize('NFC')).toBe(composed);
      }),
      { numRuns: 500 },
    );
    expect(field.parse('A\u030Ase')).toBe('Åse');
  });

  it('refuse a bidirectional override or isolate anywhere, with its own message', () => {
    fc.assert(
      fc.property(name, name, fc.constantFrom(...BIDI), (before, after, bidi) => {
        expect(firstIssue(field.safeParse(`${before}${bidi}${after}`))).toBe('bidiControl');
        expect(firstIssue(field.safeParse(`${bidi}${before}`))).toBe('bidiControl');
      }),
      { numRuns: 300 },
    );
  });

  it('refuse a line break inside the text, and other control characters', () => {
    fc.assert(
      fc.property(name, name, fc.constantFrom(...LINE_BREAKS), fc.constantFrom(...CONTROLS), (before, after, lineBreak, control) => {
        expect(firstIssue(field.safeParse(`${before}${lineBreak}x${after}`))).toBe('lineBreak');
        expect(firstIssue(field.safeParse(`${before}${control}x${after}`))).toBe('controlCharacter');
      }),
      { numRuns: 300 },
    );
  });

  it('never store text that breaks a rule, whatever is sent', () => {
    fc.assert(
      fc.property(anyText, (sent) => {
        const result = field.safeParse(sent);
        if (result.success) {
          expect(singleLineProblem(result.data)).toBeNull();
          expect(result.data).toBe(result.data.normalize('NFC'));
          expect(result.data).toBe(result.data.trim());
        } else {
          expect(['required', 'tooLong', 'lineBreak', 'bidiControl', 'controlCharacter']).toContain(firstIssue(result));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('multi-line fields (description, learning goals, interests)', () => {
  const field = optionalMultiLine(4000);

  it('keep line breaks (as LF) but refuse bidi overrides and other controls', () => {
    expect(field.parse('Linje én\r\nLinje to\rLinje tre\n\nSlutt')).toBe('Linje én\nLinje to\nLinje tre\n\nSlutt');
    fc.assert(
      fc.property(name, name, fc.constantFrom(...BIDI), fc.constantFrom(...CONTROLS), (a, b, bidi, control) => {
        expect(field.parse(`${a}\n${b}`)).toBe(`${a}\n${b}`.normalize('NFC').trim());
        expect(firstIssue(field.safeParse(`${a}\n${bidi}${b}`))).toBe('bidiControl');
        expect(firstIssue(field.safeParse(`${a}\n${control}x${b}`))).toBe('controlCharacter');
      }),
      { numRuns: 300 },
    );
  });
});

describe('text already stored is made safe to show and print', () => {
  it('single line: NFC, no line break, control or bidi override, and nothing else changed', () => {
    fc.assert(
      fc.property(anyText, (stored) => {
        const safe = safeSingleLine(stored);
        expect(singleLineProblem(safe)).toBeNull();
        expect(safe).toBe(safe.normalize('NFC'));
        expect(safeSingleLine(safe)).toBe(safe); // idempotent
        if (singleLineProblem(stored) === null) expect(safe).toBe(stored.normalize('NFC').trim());
      }),
      { numRuns: 2000 },
    );
    expect(safeSingleLine('Kari\nAnne\u202E Nordmann\t')).toBe('Kari Anne Nordmann');
  });

  it('multi line: line breaks kept as LF, the rest as for single lines', () => {
    fc.assert(
      fc.property(anyText, (stored) => {
        const safe = safeMultiLine(stored);
        expect(multiLineProblem(safe)).toBeNull();
        expect(safe).not.toMatch(/[\r\u2028\u2029]/);
        expect(safeMultiLine(safe)).toBe(safe);
      }),
      { numRuns: 2000 },
    );
    expect(safeMultiLine('Mål:\r\n\u202Eå lære\u0000')).toBe('Mål:\nå lære');
  });
});

describe('e-mail addresses', () => {
  it.each(['kari@bøler.no', 'Kari.Nordmann@Bøler.NO', 'ola@sub.ærlig-æøå.no', 'a@例え.jp', 'per@xn--bler-gra.no', "o'neil+kurs@eksempel.no"])(
    'accepts %s and stores it as typed (NFC)',
    (typed) => {
      expect(isValidEmail(typed)).toBe(true);
      expect(email.parse(typed)).toBe(typed);
      expect(email.parse(typed.normalize('NFD'))).toBe(typed.normalize('NFC'));
    },
  );

  it.each(['kari@', '@bøler.no', 'kari bø@bøler.no', 'kari@bøler', 'kari@bøler..no', 'kari@-bøler.no', 'kari@bøler_no.no', 'kari@bø ler.no', 'kari@bøler.no\u202E', 'kåri@bøler.no'])(
    'refuses %j',
    (typed) => {
      expect(email.safeParse(typed).success).toBe(false);
    },
  );
});
