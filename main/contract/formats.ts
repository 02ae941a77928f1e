import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

/**
 * Norwegian formats shared by forms and the core: dates are shown as
 * dd.mm.åååå and stored as ISO yyyy-mm-dd; phone numbers are stored in E.164.
 */

const NORWEGIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** "05.03.1980" → "1980-03-05"; null when it is not a real calendar date. */
export function parseNorwegianDate(text: string): string | null {
  const m = NORWEGIAN_DATE.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** "1980-03-05" → "05.03.1980". */
export function formatNorwegianDate(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** "17:30" (as stored) → "17.30", as Norwegian writes clock times: the one formatter for screens, PDFs and CSV files. */
export const formatNorwegianTime = (time: string): string => time.replace(':', '.');

/** Whole years between an ISO birth date and an ISO day. */
export function ageOn(birthIso: string, dayIso: string): number {
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [y, m, d] = dayIso.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Normalises a mobile number to E.164, or returns null when it is not valid.
 * Norwegian numbers: 8 digits starting with 4 or 9, optionally prefixed by
 * +47 or 0047. Anything else must be written in international form.
 */
export function normaliseMobile(input: string): string | null {
  let compact = input.replace(/[\s\-().]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if (/^\d{8}$/.test(compact)) compact = `+47${compact}`;
  if (!/^\+\d{6,15}$/.test(compact)) return null;
  if (compact.startsWith('+47')) return /^\+47[49]\d{7}$/.test(compact) ? compact : null;
  const parsed = parsePhoneNumberFromString(compact);
  return parsed?.isValid() ? parsed.number : null;
}

/** "+4791234567" → "912 34 567"; foreign numbers in international form. */
export function formatMobile(e164: string): string {
  const m = /^\+47(\d{3})(\d{2})(\d{3})$/.exec(e164);
  if (m) return `${m[1]} ${m[2]} ${m[3]}`;
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** The part before the @, as common mail systems accept it (ASCII letters, digits and . _ ' + -). */
const EMAIL_LOCAL = /^(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]$/;
/** A domain in its ASCII (IDNA) form: labels of letters, digits and hyphens, ending in a letter TLD or a punycode one. */
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** Letters of any script, digits, hyphens and dots: what a domain may be typed with. */
const TYPED_DOMAIN = /^[\p{L}\p{M}\p{N}.-]+$/u;

/** "bøler.no" → "xn--bler-gra.no" by the platform's IDNA rules (URL works the same in Node and the browser); null if it is no domain. */
export function domainToAscii(domain: string): string | null {
  // Remembered: a list of a thousand employees has one or two domains, and a URL costs more than the rest of checking an address.
  const known = asciiDomains.get(domain);
  if (known !== undefined) return known;
  if (asciiDomains.size >= 1000) asciiDomains.clear();
  const ascii = toAsciiDomain(domain);
  asciiDomains.set(domain, ascii);
  return ascii;
}

const asciiDomains = new Map<string, string | null>();

function toAsciiDomain(domain: string): string | null {
  if (!TYPED_DOMAIN.test(domain) || domain.split('.').some((label) => label === '' || label.startsWith('-') || label.endsWith('-'))) return null;
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * An e-mail address as people type it: the local part in ASCII, the domain in
 * any script (kari@bøler.no), checked through its IDNA form.
 */
export function isValidEmail(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  if (!EMAIL_LOCAL.test(value.slice(0, at))) return false;
  const ascii = domainToAscii(value.slice(at + 1));
  return ascii !== null && ascii.length <= 253 && ASCII_DOMAIN.test(ascii);
}

/** Lower-cased, whitespace-collapsed form used for type-ahead search (æøå kept). */
export function searchKey(text: string): string {
  return text.toLocaleLowerCase('nb').replace(/\s+/g, ' ').trim();
}

/** Letters that come after z in the Norwegian alphabet, in order (ä and ö sort as æ and ø). */
const AFTER_Z: Record<string, string> = { æ: '{a', ä: '{a', ø: '{b', ö: '{b', å: '{c' };

/**
 * A key whose plain byte order is Norwegian alphabetical order (… z, æ, ø, å),
 * so SQLite can sort and index names without a custom collation.
 */
export function nameSortKey(lastName: string, firstName: string): string {
  const key = (text: string) =>
    searchKey(text)
      .replace(/[æäøöå]/g, (c) => AFTER_Z[c] ?? c)
      .normalize('NFD')
      .replace(/\p{M}/gu, '');
  return `${key(lastName)}\u0001${key(firstName)}`;
}
