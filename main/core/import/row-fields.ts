import { isValidIsoDate, parseNorwegianDate } from '../../contract/formats';
import type { ImportField } from '../../contract/import-schemas';
import type { ImportFieldProblem, ImportPreviewRow } from '../../contract/types';
import type { ParticipantFieldsInput } from '../../contract/schemas';
import type { RawCell } from './read-table';

/** Excel's day 0 of the 1900 date system (serial 1 is 1 January 1900; the phantom 29.02.1900 makes this the 30th). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A birth date as employers write it: an Excel date cell, an Excel serial
 * number (a date column formatted as a number), or text as dd.mm.åååå,
 * d.m.yyyy, yyyy-mm-dd, dd/mm/yyyy or dd-mm-yyyy (a time after it is ignored).
 * Anything else is passed on as typed, and the form's own rule words the error.
 */
export function birthDateOf(cell: RawCell): string {
  if (cell.value instanceof Date) return cell.text;
  if (typeof cell.value === 'number' && Number.isInteger(cell.value) && cell.value > 0 && cell.value < 2_958_466) {
    return new Date(EXCEL_EPOCH + cell.value * DAY_MS).toISOString().slice(0, 10);
  }
  const text = cell.text.trim().replace(/[ T]\d{1,2}[:.]\d{2}([:.]\d{2})?$/, '');
  if (isValidIsoDate(text)) return text;
  const norwegian = parseNorwegianDate(text.replace(/[/-]/g, '.'));
  if (norwegian && !/^\d{4}/.test(text)) return norwegian;
  return cell.text.trim();
}

const GENDER_WORDS: Record<string, 'female' | 'male' | 'other' | 'unspecified'> = {
  k: 'female', kvinne: 'female', kvinnelig: 'female', dame: 'female', f: 'female', female: 'female', woman: 'female', w: 'female', kv: 'female',
  m: 'male', mann: 'male', mannlig: 'male', herre: 'male', male: 'male', man: 'male',
  annet: 'other', annen: 'other', other: 'other', x: 'other', ikkebinaer: 'other', nonbinary: 'other',
  ukjent: 'unspecified', ikkeoppgitt: 'unspecified', vilikkeoppgi: 'unspecified', unspecified: 'unspecified', unknown: 'unspecified',
};

/** Gender as written in Norwegian or English; an empty cell (lists often have none) is "not given". */
export function genderOf(text: string): ParticipantFieldsInput['gender'] | null {
  const key = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/æ/g, 'ae').replace(/[^a-z]/g, '');
  if (key === '') return 'unspecified';
  return GENDER_WORDS[key] ?? null;
}

/** Text of a cell as the form would get it; a number (a mobile or postal code saved as a number) without decimals or exponent. */
function textOf(cell: RawCell | undefined): string {
  if (!cell) return '';
  if (typeof cell.value === 'number' && Number.isInteger(cell.value)) return cell.value.toFixed(0);
  return cell.text;
}

export interface RowDraft {
  participant: ParticipantFieldsInput;
  values: ImportPreviewRow['values'];
  problems: ImportFieldProblem[];
}

/** A row as the participant form would send it, and what cannot even get that far (a formula, a merged cell, an unknown gender). */
export function draftOf(cells: readonly RawCell[], fields: readonly (ImportField | null)[], addressAllowed: boolean): RowDraft {
  const cellOf = (field: ImportField): RawCell | undefined => {
    const index = fields.indexOf(field);
    return index < 0 ? undefined : cells[index];
  };
  const problems: ImportFieldProblem[] = [];
  const values: ImportPreviewRow['values'] = {};
  for (const [index, field] of fields.entries()) {
    const cell = cells[index];
    if (field === null || !cell) continue;
    if (cell.problem) problems.push({ field, key: cell.problem.key, ...(cell.problem.params ? { params: cell.problem.params } : {}) });
  }
  const text = (field: ImportField) => {
    const value = textOf(cellOf(field));
    if (value.trim() !== '') values[field] = value.trim();
    return value;
  };
  const birthCell = cellOf('birthDate');
  const birthDate = birthCell ? birthDateOf(birthCell) : '';
  if (birthDate) values.birthDate = birthDate;
  const genderText = text('gender');
  const gender = genderOf(genderText);
  if (gender === null) problems.push({ field: 'gender', key: 'importGender', params: { value: genderText.trim() } });
  const participant: ParticipantFieldsInput = {
    firstName: text('firstName'),
    lastName: text('lastName'),
    birthDate,
    email: text('email'),
    mobile: text('mobile'),
    gender: gender ?? 'unspecified',
    // An employer cannot consent for the participant: that answer is asked of the person later.
    consent: { keepAfterCourse: false },
  };
  if (addressAllowed) {
    const street = text('street');
    // Excel drops the leading zero of postal codes such as 0150 when the column is a number.
    const postal = text('postalCode').trim();
    const postalCode = /^\d{1,3}$/.test(postal) ? postal.padStart(4, '0') : postal;
    if (postalCode) values.postalCode = postalCode;
    const city = text('city');
    if ([street, postalCode, city].some((v) => v.trim() !== '')) participant.address = { street, postalCode, city };
  }
  return { participant, values, problems };
}

/** A dotted input path of the participant schema or the service's rules, as the import field it came from. */
export function fieldOfPath(path: string): ImportField | '_' {
  const parts = path.split('.');
  if (parts[0] !== 'participant') return '_';
  if (parts[1] === 'address') return (parts[2] as ImportField | undefined) ?? 'street';
  const field = parts[1] as ImportField;
  return ['firstName', 'lastName', 'birthDate', 'email', 'mobile', 'gender'].includes(field) ? field : '_';
}
