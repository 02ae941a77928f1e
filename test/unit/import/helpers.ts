import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';

/** A file as the renderer sends it. */
export interface SentFile {
  name: string;
  base64: string;
}

export const fileOf = (name: string, bytes: Buffer | Uint8Array): SentFile => ({ name, base64: Buffer.from(bytes).toString('base64') });

export type CellInput = ExcelJS.CellValue;

/** A real .xlsx written by exceljs: rows as given (the first is usually the header), merges as A1 ranges. */
export async function xlsxFile(rows: readonly (readonly CellInput[])[], options: { merges?: string[]; name?: string; sheet?: string } = {}): Promise<SentFile> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? 'Ark1');
  for (const row of rows) sheet.addRow([...row]);
  for (const range of options.merges ?? []) sheet.mergeCells(range);
  return fileOf(options.name ?? 'deltakere.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** A CSV as bytes: UTF-8 (optionally with BOM), or Windows-1252 as Excel saves it (æøå are the same bytes as in Latin-1). */
export function csvFile(text: string, encoding: 'utf-8' | 'utf-8-bom' | 'windows-1252', name = 'deltakere.csv'): SentFile {
  const bytes =
    encoding === 'windows-1252'
      ? Buffer.from(text, 'latin1')
      : Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
  return fileOf(name, bytes);
}

export const HEADER = ['Fornavn', 'Etternavn', 'Fødselsdato', 'E-post', 'Mobil', 'Kjønn'];

/** Distinct, valid employees: names from a small list with a running number, so every row is another person. */
export function employee(i: number): string[] {
  const first = ['Kari', 'Ola', 'Åse', 'Jørgen', 'Siri', 'Håkon', 'Ingrid', 'Per'][i % 8]!;
  const day = String((i % 28) + 1).padStart(2, '0');
  const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, '0');
  return [`${first}${i}`, `Ansatt${i}`, `${day}.${month}.${1960 + (i % 40)}`, `ansatt${i}@bedrift.no`, `9${String(1000000 + i).slice(-7)}`, i % 2 ? 'K' : 'M'];
}

/**
 * A minimal zip with one stored-as-deflate part per entry, whose declared
 * uncompressed size can be set to lie: for zip-bomb tests. Everything else is
 * what any zip tool writes.
 */
export function zipOf(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads an .xlsx the core wrote (bad rows), as rows of cell values. */
export async function readXlsxRows(base64: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
