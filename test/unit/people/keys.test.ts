import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityKey, queryWords, searchKeys } from '../../../main/core/services/people-keys';

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

describe('identity keys (the duplicate check)', () => {
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
