import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { domainToAscii, nameSortKey } from '../../contract/formats';
import type { Db } from '../db/database';
import { statementCache } from './context';

/**
 * The keys that find a person again: the duplicate check's identity key and
 * the type-ahead search keys. Stored on the participant row (participants is
 * the only table with personal data, so they go with the person on erasure)
 * and recomputed whenever the person or one of their enrollments changes.
 *
 * Three spellings of a text are compared:
 * - plain (`plainForm`): lower case, accents off, ø → o, æ → ae, å → a, so
 *   "wisniewski" finds Wiśniewski and "odegard" finds Ødegård;
 * - collapsed (`collapsedForm`): plain with the old Norwegian spellings aa → a
 *   and oe → o, so "aase" finds Åse and "oedegaard" finds Ødegård;
 * - Norwegian (`norwegianForm`): lower case with accents kept, but å → aa,
 *   ø → oe, æ → ae, so "åse" finds Aase and Åse, and "å" does not find every "a".
 * A search word typed without accents is matched by the first two, one typed
 * with accents by the third: who types "å" means it.
 */

/** Letters that have no decomposition into a base letter and an accent. */
const LETTER_FOLDS: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  ĳ: 'ij',
};
const FOLDED_LETTER = new RegExp(`[${Object.keys(LETTER_FOLDS).join('')}]`, 'g');
const NORWEGIAN_LETTER: Record<string, string> = { å: 'aa', ø: 'oe', æ: 'ae' };

/** NFC, lower case, one kind of apostrophe, one kind of sigma, single spaces. */
function base(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[’‘ʼ`´]/g, "'")
    .replace(/ς/g, 'σ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function plainForm(text: string): string {
  return base(text)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(FOLDED_LETTER, (c) => LETTER_FOLDS[c] ?? c)
    .normalize('NFC');
}

/** Runs of a (aa, aaa) and oe as one letter, whatever their length, so every respelling collapses alike. */
export const collapsedForm = (text: string) => plainForm(text).replace(/a+/g, 'a').replace(/oe+/g, 'o');

export const norwegianForm = (text: string) => base(text).replace(/[åøæ]/g, (c) => NORWEGIAN_LETTER[c] ?? c);

/** True when a search word has nothing to fold: typed without accents or special letters. */
export const isPlain = (word: string) => plainForm(word) === base(word);

/**
 * A name as the duplicate check compares it: collapsed, and without spaces,
 * hyphens or dots between letters ("Anne-Lise" = "Annelise"). Next to a digit
 * a separator stays one space, so "Kurs 1-23" and "Kurs 12-3" stay apart.
 */
export const nameIdentity = (name: string) =>
  collapsedForm(name)
    .replace(/[^\p{L}\p{N}]+/gu, (gap, offset: number, whole: string) =>
      /\p{N}/u.test(whole.charAt(offset - 1)) || /\p{N}/u.test(whole.charAt(offset + gap.length)) ? ' ' : '',
    )
    .trim();

/** Same person: the same name (near enough) and birth date. */
export const identityKey = (p: { firstName: string; lastName: string; birthDate: string }) =>
  `${nameIdentity(p.firstName)}|${nameIdentity(p.lastName)}|${p.birthDate}`;

/** The identity key, and the same with first and last name swapped (as when someone gave them in the other order), each name folded once. */
export function identityKeys(p: { firstName: string; lastName: string; birthDate: string }): readonly [string, string] {
  const first = nameIdentity(p.firstName);
  const last = nameIdentity(p.lastName);
  return [`${first}|${last}|${p.birthDate}`, `${last}|${first}|${p.birthDate}`];
}

/** An e-mail address compared for "same contact": local part in lower case, domain in its ASCII form. */
export function emailIdentity(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);
  return `${email.slice(0, at).toLowerCase()}@${domainToAscii(domain) ?? domain.toLowerCase()}`;
}

/** A Norwegian mobile number in E.164 (the form stores no other Norwegian kind). */
const NORWEGIAN_MOBILE = /^\+47([49]\d{7})$/;

/** Every way a mobile number may be typed: E.164, with 00 or nothing for the +, and the national digits (912 34 567 → 91234567). */
export function mobileVariants(e164: string): string[] {
  // Norway has no trunk prefix: the national digits are the 8 after +47. Parsing with libphonenumber says the same at 40 times the cost, which an import of 1,000 rows feels.
  const norwegian = NORWEGIAN_MOBILE.exec(e164);
  if (norwegian) return [e164, `0047${norwegian[1]!}`, norwegian[1]!];
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed ? [parsed.nationalNumber, parsed.formatNational().replace(/\D/g, '')] : [];
  return [...new Set([e164, `00${e164.slice(1)}`, ...national])];
}

export interface SearchableText {
  firstName: string;
  lastName: string;
  email: string | null;
  mobile: string | null;
  /** The employers of the person's enrollments. */
  employers: readonly string[];
}

/** The two search columns of a participant: `search_key` (Norwegian form) and `search_fold` (plain and collapsed forms). */
export function searchKeys(p: SearchableText): { searchKey: string; searchFold: string } {
  const words = [p.firstName, p.lastName, p.email ?? '', ...(p.mobile ? mobileVariants(p.mobile) : []), ...p.employers].join(' ');
  const plain = plainForm(words);
  const collapsed = collapsedForm(plain);
  return { searchKey: norwegianForm(words), searchFold: collapsed === plain ? plain : `${plain} ${collapsed}` };
}

/** The longest query that is split into words: more words would not narrow a search of names any further. */
export const MAX_QUERY_WORDS = 6;

/**
 * One word of a query and where it must appear: in `search_key` (a word typed
 * with accents, in its Norwegian form), or in `search_fold` in one of its
 * spellings (a word typed without). Substrings, compared with instr(): the
 * keys and the words are already in lower case, so no LIKE pattern is needed.
 */
export interface QueryWord {
  column: 'search_key' | 'search_fold';
  /** The word matches when one of these is a substring of the column. */
  spellings: string[];
}

/**
 * A query as staff type it, in words that must all match: "Nordmann, Kari"
 * and "kari nordmann" are the same query, and a number typed in groups
 * ("912 34 567", "+47 912 34 567") is one word.
 */
export function queryWords(query: string): QueryWord[] {
  const joined = base(query)
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/[(),;]/g, ' ')
    .replace(/(?<=[\d+])[\s\-./]+(?=\d)/g, '');
  const words = [...new Set(joined.split(/\s+/).filter((w) => w !== ''))].slice(0, MAX_QUERY_WORDS);
  return words
    .map((word): QueryWord =>
      isPlain(word)
        ? { column: 'search_fold', spellings: [...new Set([plainForm(word), collapsedForm(word)])] }
        : { column: 'search_key', spellings: [norwegianForm(word)] },
    )
    .filter((word) => !word.spellings.includes('')); // a lone accent mark folds to nothing: it narrows nothing
}

/**
 * Recomputes the stored keys of the given people (all when `ids` is omitted)
 * from their rows and enrollments: after any change to either, and in the
 * migration that introduced these keys.
 */
const statements = new WeakMap<Db, ReturnType<typeof statementCache>>();

export function refreshParticipantKeys(db: Db, ...ids: string[]): void {
  let sql = statements.get(db);
  if (!sql) statements.set(db, (sql = statementCache(db)));
  const columns = 'SELECT id, first_name, last_name, birth_date, email, mobile FROM participants';
  const rows = (
    ids.length === 0 ? sql(columns).all() : ids.map((id) => sql(`${columns} WHERE id = ?`).get(id)).filter((row) => row !== undefined)
  ) as { id: string; first_name: string; last_name: string; birth_date: string; email: string | null; mobile: string | null }[];
  const employers = sql('SELECT employer_name FROM participant_enrollments WHERE participant_id = ? AND employer_name IS NOT NULL ORDER BY created_at');
  const write = sql('UPDATE participants SET identity_key = ?, search_key = ?, search_fold = ?, sort_key = ? WHERE id = ?');
  for (const row of rows) {
    const person = { firstName: row.first_name, lastName: row.last_name, birthDate: row.birth_date };
    const keys = searchKeys({
      ...person,
      email: row.email,
      mobile: row.mobile,
      employers: (employers.all(row.id) as { employer_name: string }[]).map((e) => e.employer_name),
    });
    write.run(identityKey(person), keys.searchKey, keys.searchFold, nameSortKey(row.last_name, row.first_name), row.id);
  }
}
