import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { identityKey, identityKeys, mobileVariants, queryWords, searchKeys } from '../../../main/core/services/people-keys';

/**
 * The keys that find a person (items 14 and 15 of issue 8), as pure functions:
 * what the database does with them is checked on a real database in
 * people.test.ts.
 */

/** Whether a search query finds a person, by the same rule as the SQL (every word, in one of its spellings, in its column). */
function finds(query: string, person: Parameters<typeof searchKeys>[0]): boolean {
  const keys = searchKeys(person);
  const column = { search_key: keys.searchKey, search_fold: keys.searchFold };
  return queryWords(query).every((w) => w.spellings.some((spelling) => column[w.column].includes(spelling)));
}

const person = (firstName: string, lastName: string, extra: Partial<Parameters<typeof searchKeys>[0]> = {}) => ({
  firstName,
  lastName,
  email: null,
  mobile: null,
  employers: [],
  ...extra,
});

/** How someone types a name on a keyboard without Norwegian or other accented letters. */
const withoutAccents = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'Ae'))
    .replace(/[øØ]/g, (c) => (c === 'ø' ? 'o' : 'O'))
    .replace(/[łŁ]/g, (c) => (c === 'ł' ? 'l' : 'L'));
/** The old Norwegian spellings: Å as Aa, Ø as Oe, Æ as Ae. */
const oldSpelling = (text: string) =>
  text.normalize('NFC').replace(/[åÅøØæÆ]/g, (c) => ({ å: 'aa', Å: 'Aa', ø: 'oe', Ø: 'Oe', æ: 'ae', Æ: 'Ae' })[c] ?? c);

const letter = fc.constantFrom(...'abdeghiklmnorstuvyæøåéüöäśńłč'.split(''));
const word = fc.array(letter, { minLength: 2, maxLength: 12 }).map((l) => l.join(''));
const capitalised = word.map((w) => w.charAt(0).toUpperCase() + w.slice(1));
const nameOf = fc.tuple(fc.array(capitalised, { minLength: 1, maxLength: 3 }), fc.constantFrom(' ', '-')).map(([words, joiner]) => words.join(joiner));

describe('search keys', () => {
  it('find a person by any part of the name, typed as written, in capitals or without accents', () => {
    fc.assert(
      fc.property(nameOf, nameOf, fc.nat(), fc.nat(), (first, last, from, length) => {
        const full = `${first} ${last}`;
        const chars = [...full];
        const start = from % chars.length;
        const part = chars.slice(start, start + 1 + (length % 8)).join('').trim();
        fc.pre(part !== '');
        const p = person(first, last);
        expect(finds(part, p)).toBe(true);
        expect(finds(part.toUpperCase(), p)).toBe(true);
        expect(finds(withoutAccents(part), p)).toBe(true);
        expect(finds(part.normalize('NFD'), p)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('find a person by the whole name in either order, with a comma, and in the old Norwegian spellings', () => {
    fc.assert(
      fc.property(nameOf, nameOf, (first, last) => {
        const p = person(first, last);
        for (const query of [`${first} ${last}`, `${last} ${first}`, `${last}, ${first}`, oldSpelling(`${last}, ${first}`), withoutAccents(`${last} ${first}`)]) {
          expect(finds(query, p), query).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('match the examples staff gave', () => {
    expect(finds('aase', person('Åse', 'Ødegård'))).toBe(true);
    expect(finds('Åse', person('Aase', 'Hansen'))).toBe(true);
    expect(finds('odegard', person('Åse', 'Ødegård'))).toBe(true);
    expect(finds('oedegaard', person('Åse', 'Ødegård'))).toBe(true);
    expect(finds('wisniewski', person('Piotr', 'Wiśniewski'))).toBe(true);
    expect(finds('Nordmann Kari', person('Kari', 'Nordmann'))).toBe(true);
    expect(finds('Nordmann, Kari', person('Kari', 'Nordmann'))).toBe(true);
    expect(finds('912 34 567', person('Kari', 'Nordmann', { mobile: '+4791234567' }))).toBe(true);
    expect(finds('+47 912 34 567', person('Kari', 'Nordmann', { mobile: '+4791234567' }))).toBe(true);
    expect(finds('070-123 45 67', person('Sven', 'Svensson', { mobile: '+46701234567' }))).toBe(true);
    expect(finds('fjordfisk', person('Kari', 'Nordmann', { employers: ['Fjordfisk AS'] }))).toBe(true);
    expect(finds('kari@boler', person('Kari', 'Nordmann', { email: 'kari@bøler.no' }))).toBe(true);
    // Who types a letter with an accent means it: "å" finds Å and Aa, not every a.
    expect(finds('å', person('Ola', 'Nordmann'))).toBe(false);
    expect(finds('å', person('Even', 'Aas'))).toBe(true);
    expect(finds('ś', person('Piotr', 'Wisniewski'))).toBe(false);
    // Every word must match.
    expect(finds('kari hansen', person('Kari', 'Nordmann'))).toBe(false);
    expect(finds('912 34 568', person('Kari', 'Nordmann', { mobile: '+4791234567' }))).toBe(false);
  });
});

describe('mobile number variants', () => {
  /** What libphonenumber makes of a number: the reference the shortcut for Norwegian numbers must equal. */
  const byLibrary = (e164: string) => {
    const parsed = parsePhoneNumberFromString(e164);
    const national = parsed ? [parsed.nationalNumber, parsed.formatNational().replace(/\D/g, '')] : [];
    return [...new Set([e164, `00${e164.slice(1)}`, ...national])].sort();
  };

  it('for every Norwegian mobile number equal what libphonenumber parses', () => {
    const norwegian = fc.tuple(fc.constantFrom('4', '9'), fc.stringMatching(/^\d{7}$/)).map(([first, rest]) => `+47${first}${rest}`);
    fc.assert(
      fc.property(norwegian, (e164) => {
        expect([...mobileVariants(e164)].sort()).toEqual(byLibrary(e164));
      }),
      { numRuns: 3000 },
    );
  });

  it('for foreign numbers come from libphonenumber', () => {
    for (const e164 of ['+46701234567', '+4915123456789', '+447911123456', '+48512345678', '+4740123456', '+4799999999']) {
      expect([...mobileVariants(e164)].sort()).toEqual(byLibrary(e164));
    }
    expect(mobileVariants('+46701234567')).toContain('0701234567');
  });
});

describe('identity keys (the duplicate check)', () => {
  it('come both ways round from one folding of each name: the key, then the key of the swapped names', () => {
    const name = fc.array(fc.oneof(word, fc.constantFrom(' ', '-', 'Aa', 'Ø', '1')), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(name, name, fc.constantFrom('1985-06-15', '2001-12-31'), (firstName, lastName, birthDate) => {
        expect(identityKeys({ firstName, lastName, birthDate })).toEqual([
          identityKey({ firstName, lastName, birthDate }),
          identityKey({ firstName: lastName, lastName: firstName, birthDate }),
        ]);
      }),
      { numRuns: 2000 },
    );
  });

  it('are the same for the same name in any case, Unicode form, spacing, name order or Norwegian spelling', () => {
    fc.assert(
      fc.property(nameOf, nameOf, (first, last) => {
        const key = identityKey({ firstName: first, lastName: last, birthDate: '1980-01-01' });
        const variants = [
          [first.toUpperCase(), last.toLowerCase()],
          [first.normalize('NFD'), last.normalize('NFD')],
          [oldSpelling(first), oldSpelling(last)],
          [withoutAccents(first), withoutAccents(last)],
          [` ${first.replace(/-/g, ' ')} `, last.replace(/ /g, '-')],
        ];
        for (const [f, l] of variants) expect(identityKey({ firstName: f!, lastName: l!, birthDate: '1980-01-01' })).toBe(key);
        expect(identityKey({ firstName: first, lastName: last, birthDate: '1980-01-02' })).not.toBe(key);
      }),
      { numRuns: 500 },
    );
  });

  it('keep different names apart', () => {
    const key = (firstName: string, lastName: string) => identityKey({ firstName, lastName, birthDate: '1980-01-01' });
    expect(key('Per', 'Hansen')).not.toBe(key('Pål', 'Hansen'));
    expect(key('Kari', 'Nordmann')).not.toBe(key('Kari', 'Nordman'.concat('sen')));
    expect(key('Åse', 'Berg')).not.toBe(key('Åsa', 'Berg'));
  });
});
