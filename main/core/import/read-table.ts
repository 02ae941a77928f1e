import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { ImportEncoding } from '../../contract/import-schemas';
import { MAX_IMPORT_ROWS } from '../../contract/import-schemas';
import type { ValidationKey } from '../../contract/messages';
import { AppError } from '../errors';
import { guessField } from './mapping';
import { guardXlsx } from './zip-guard';

/** One cell as read: its text, the typed value behind it (for dates and the bad-rows file), or why it cannot be used. */
export interface RawCell {
  text: string;
  value: string | number | boolean | Date | null;
  problem?: { key: ValidationKey; params?: Record<string, string> };
}

export interface RawRow {
  /** The row's number in the file, as Excel shows it. */
  row: number;
  cells: RawCell[];
}

export interface RawTable {
  format: 'xlsx' | 'csv';
  encoding: ImportEncoding | null;
  encodingDetected: boolean;
  sheet: string | null;
  headerRow: number;
  headers: string[];
  /** Columns that are our own bad-rows file's error column: never imported, never named as dropped. */
  ownErrorColumns: Set<number>;
  rows: RawRow[];
}

/** The error column of the bad-rows file, in both languages: a corrected file is imported again with it dropped. */
export const ERROR_COLUMN = { nb: 'Feil (Neo Kurs)', en: 'Errors (Neo Kurs)' } as const;
const isOwnErrorColumn = (header: string) => header === ERROR_COLUMN.nb || header === ERROR_COLUMN.en;

const EMPTY: RawCell = { text: '', value: null };
/** Title rows above the header are allowed; the header is looked for this far down. */
const HEADER_SEARCH_ROWS = 20;

export async function readTable(name: string, bytes: Buffer, encoding?: ImportEncoding): Promise<RawTable> {
  const lower = name.toLowerCase();
  const zip = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50;
  if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm') || (zip && !lower.endsWith('.csv'))) return readXlsx(bytes);
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(bytes, encoding);
  throw new AppError('IMPORT_UNSUPPORTED_FILE');
}

// ---------- xlsx ----------

async function readXlsx(bytes: Buffer): Promise<RawTable> {
  guardXlsx(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError('IMPORT_BROKEN_XLSX');
  }
  for (const sheet of workbook.worksheets) {
    const rows: RawRow[] = [];
    // columnCount walks every row: read it once, not per cell.
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: RawCell[] = [];
      for (let column = 1; column <= width; column++) cells.push(cellOf(row.getCell(column)));
      rows.push({ row: rowNumber, cells });
    });
    const table = tableOf(rows);
    if (table) return { format: 'xlsx', encoding: null, encodingDetected: false, sheet: sheet.name, ...table };
  }
  throw new AppError(workbook.worksheets.some((s) => s.actualRowCount > 0) ? 'IMPORT_NO_HEADER' : 'IMPORT_EMPTY');
}

function cellOf(cell: ExcelJS.Cell): RawCell {
  // The covered part of a merged range repeats the first cell's value: which person's row it belongs to is a guess.
  if (cell.isMerged && cell.master !== cell) return { text: '', value: null, problem: { key: 'importMerged' } };
  return valueCell(cell.value);
}

function valueCell(value: ExcelJS.CellValue | undefined): RawCell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { text: value, value };
  if (typeof value === 'number') return { text: String(value), value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', value };
  if (value instanceof Date) return { text: isoDay(value), value };
  if ('error' in value) return { text: String(value.error), value: String(value.error), problem: { key: 'importCellError', params: { value: String(value.error) } } };
  if ('richText' in value) {
    const text = value.richText.map((r) => r.text).join('');
    return { text, value: text };
  }
  if ('formula' in value || 'sharedFormula' in value) {
    // The value Excel saved with the formula; without one, the formula would have to be computed, which we do not do.
    const result = (value as { result?: ExcelJS.CellValue }).result;
    if (result === undefined || result === null) return { text: '', value: null, problem: { key: 'importFormula' } };
    return valueCell(result);
  }
  if ('hyperlink' in value) return valueCell((value as { text?: ExcelJS.CellValue }).text ?? value.hyperlink);
  return EMPTY;
}

/** Excel dates carry no time zone; exceljs reads them as midnight UTC. */
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

// ---------- CSV ----------

function readCsv(bytes: Buffer, chosen?: ImportEncoding): RawTable {
  const { text, encoding, detected } = decode(bytes, chosen);
  const delimiter = delimiterOf(text);
  let records: string[][];
  try {
    const parsed: unknown = parse(text, { delimiter, relax_column_count: true, bom: true });
    records = parsed as string[][];
  } catch {
    throw new AppError('IMPORT_BROKEN_CSV');
  }
  if (records.length > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS');
  const rows: RawRow[] = [];
  records.forEach((record, index) => {
    if (record.some((cell) => cell.trim() !== '')) rows.push({ row: index + 1, cells: record.map((text) => ({ text, value: text })) });
  });
  if (rows.length === 0) throw new AppError('IMPORT_EMPTY');
  const table = tableOf(rows);
  if (!table) throw new AppError('IMPORT_NO_HEADER');
  return { format: 'csv', encoding, encodingDetected: detected, sheet: null, ...table };
}

/**
 * UTF-8 when the bytes are valid UTF-8 (with or without BOM); otherwise
 * Windows-1252, which Excel on Norwegian Windows still writes for "CSV (semikolonseparert)".
 * The user may choose the other one when the guess is wrong.
 */
function decode(bytes: Buffer, chosen?: ImportEncoding): { text: string; encoding: ImportEncoding; detected: boolean } {
  if (chosen) return { text: new TextDecoder(chosen).decode(bytes), encoding: chosen, detected: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', detected: true };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252', detected: true };
  }
}

/** The separator of the first line: Norwegian Excel writes ';', others ','; tabs come from "Unicode text". */
function delimiterOf(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const outside = firstLine.replace(/"[^"]*"/g, '');
  const counts = [';', ',', '\t'].map((d) => ({ d, n: outside.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ';';
}

// ---------- the header row ----------

/**
 * The header is the first row (of the first 20) where at least two cells name
 * a field we know; failing that, the first row with two or more cells. Rows
 * above it (a title, a date) are left out; fully empty rows below it too.
 */
function tableOf(rows: RawRow[]): Omit<RawTable, 'format' | 'encoding' | 'encodingDetected' | 'sheet'> | null {
  const candidates = rows.slice(0, HEADER_SEARCH_ROWS);
  const filled = (r: RawRow) => r.cells.filter((c) => c.text.trim() !== '');
  const header =
    candidates.find((r) => filled(r).filter((c) => guessField(c.text) !== null).length >= 2) ?? candidates.find((r) => filled(r).length >= 2);
  if (!header) return null;
  const data = rows.filter((r) => r.row > header.row && r.cells.some((c) => c.text.trim() !== '' || c.problem));
  if (data.length > MAX_IMPORT_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS');
  if (data.length === 0) throw new AppError('IMPORT_EMPTY');
  const width = Math.max(header.cells.length, ...data.map((r) => r.cells.length));
  const headers = Array.from({ length: width }, (_, i) => (header.cells[i]?.text ?? '').normalize('NFC').replace(/\s+/g, ' ').trim());
  const ownErrorColumns = new Set(headers.flatMap((h, i) => (isOwnErrorColumn(h) ? [i] : [])));
  return {
    headerRow: header.row,
    headers,
    ownErrorColumns,
    rows: data.map((r) => ({ row: r.row, cells: Array.from({ length: width }, (_, i) => r.cells[i] ?? EMPTY) })),
  };
}
