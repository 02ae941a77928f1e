import { inflateRawSync } from 'node:zlib';
import { MAX_IMPORT_ROWS } from '../../contract/import-schemas';
import { AppError } from '../errors';

/**
 * Checks an .xlsx (a zip) before exceljs opens it: exceljs inflates every part
 * into memory and trusts the sizes it finds, so a zip bomb, or a sheet of a
 * million rows, would take the whole process down. This reads the zip's
 * central directory (the sizes each part declares), refuses what is too big,
 * then inflates each part with a hard output limit of its declared size (a
 * part that lies about its size is refused too) and counts the sheets' rows.
 * It reads no cell: the workbook itself is read by exceljs.
 */

/** All parts of a participant list together: far more than 5,000 rows of text with their styles take. */
export const MAX_XLSX_UNCOMPRESSED = 64 * 1024 * 1024;
const MAX_ENTRIES = 2000;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const broken = () => new AppError('IMPORT_BROKEN_XLSX');

function entries(zip: Buffer): Entry[] {
  // The end record is the last 22 bytes, or earlier by the length of a comment (at most 65,535 bytes).
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw broken();
  const count = zip.readUInt16LE(end + 10);
  const directoryOffset = zip.readUInt32LE(end + 16);
  // ZIP64 marks (0xffff, 0xffffffff): a participant list never needs them.
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new AppError('IMPORT_ZIP_BOMB');
  if (count > MAX_ENTRIES) throw new AppError('IMPORT_ZIP_BOMB');
  const list: Entry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw broken();
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    list.push({
      flags: zip.readUInt16LE(at + 8),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return list;
}

function inflate(zip: Buffer, entry: Entry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL) throw broken();
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw broken();
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) throw broken();
    return data;
  }
  if (entry.method !== 8) throw broken();
  try {
    // One byte more than declared: a part that inflates past its declared size is a lie (or a bomb).
    const out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    if (out.length !== entry.size) throw new AppError('IMPORT_ZIP_BOMB');
    return out;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppError('IMPORT_ZIP_BOMB');
    throw broken();
  }
}

/** Rows written in a worksheet's XML (`<row ...>` elements, with or without a namespace prefix). */
function countRows(xml: string): number {
  const matches = xml.match(/<(?:\w+:)?row[\s>/]/g);
  return matches ? matches.length : 0;
}

/** Refuses a zip that is broken, a bomb, or has a sheet above the row limit; returns the most rows of any sheet. */
export function guardXlsx(zip: Buffer): { rows: number } {
  if (zip.length < 22 || zip.readUInt32LE(0) !== LOCAL) throw broken();
  const list = entries(zip);
  if (!list.some((e) => e.name === 'xl/workbook.xml')) throw broken();
  let total = 0;
  for (const entry of list) {
    if (entry.flags & 0x1) throw broken(); // an encrypted part
    total += entry.size;
    if (total > MAX_XLSX_UNCOMPRESSED) throw new AppError('IMPORT_ZIP_BOMB');
  }
  let rows = 0;
  for (const entry of list) {
    const part = inflate(zip, entry);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) {
      rows = Math.max(rows, countRows(part.toString('utf8')));
      // The header row and a few title rows above it come on top of the participants.
      if (rows > MAX_IMPORT_ROWS + 20) throw new AppError('IMPORT_TOO_MANY_ROWS');
    }
  }
  return { rows };
}
