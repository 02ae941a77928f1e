import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads the database's files the way an attacker with the key would, without
 * SQLite: every page of the database file and every frame of its WAL,
 * decrypted here with node:crypto. A byte search of the raw (encrypted) files
 * finds nothing even before an erasure, so proving that erased values are gone
 * means searching the plaintext of every page SQLite could still read back,
 * including free pages and stale WAL frames.
 *
 * SQLCipher 4 as written by SQLite3 Multiple Ciphers (cipher 'sqlcipher',
 * legacy 4), keyed with a raw 32-byte key (PRAGMA key = "x'<64 hex>'"):
 * - the raw key is the AES-256 key itself (no PBKDF2 on it);
 * - the file starts with a 16-byte random salt instead of "SQLite format 3\0";
 *   page 1 is encrypted from byte 16 on;
 * - pages are 4096 bytes, each ending in an 80-byte reserve: a 16-byte IV,
 *   then a 64-byte HMAC-SHA512 over (ciphertext ‖ IV ‖ page number, 32-bit
 *   little-endian), keyed with PBKDF2-HMAC-SHA512(key, salt XOR 0x3a, 2
 *   iterations, 32 bytes);
 * - the page body is AES-256-CBC without padding, with that IV;
 * - WAL frames are a 24-byte frame header (page number big-endian at 0) and
 *   the page encrypted exactly as in the database file; the WAL header is 32 bytes.
 * Every HMAC is checked, so a wrong reading of the format fails loudly
 * instead of searching garbage.
 */

export const PAGE_SIZE = 4096;
const RESERVE = 80;
const IV_BYTES = 16;
const SALT_BYTES = 16;
const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface PlainPage {
  /** 1-based page number. */
  pgno: number;
  /** The whole page as SQLite sees it (page 1 with the standard header restored), reserve excluded. */
  data: Buffer;
}

function hmacKey(key: Buffer, salt: Buffer): Buffer {
  const masked = Buffer.from(salt.map((b) => b ^ 0x3a));
  return pbkdf2Sync(key, masked, 2, 32, 'sha512');
}

/** Decrypts one stored page (as in the database file or a WAL frame), checking its HMAC. */
function decryptPage(raw: Buffer, pgno: number, key: Buffer, macKey: Buffer): Buffer {
  if (raw.length !== PAGE_SIZE) throw new Error(`page ${pgno}: ${raw.length} bytes`);
  const offset = pgno === 1 ? SALT_BYTES : 0;
  const n = PAGE_SIZE - RESERVE;
  const iv = raw.subarray(n, n + IV_BYTES);
  const mac = raw.subarray(n + IV_BYTES, PAGE_SIZE);
  const pgnoLe = Buffer.alloc(4);
  pgnoLe.writeUInt32LE(pgno);
  const expected = createHmac('sha512', macKey).update(raw.subarray(offset, n + IV_BYTES)).update(pgnoLe).digest();
  if (!timingSafeEqual(expected, mac)) throw new Error(`page ${pgno}: HMAC does not match (not SQLCipher 4 with this key?)`);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const body = Buffer.concat([decipher.update(raw.subarray(offset, n)), decipher.final()]);
  return pgno === 1 ? Buffer.concat([SQLITE_HEADER, body]) : body;
}

/** The salt every page's HMAC key is derived from: the database file's first 16 bytes. */
export function databaseSalt(dbFile: string): Buffer {
  return readFileSync(dbFile).subarray(0, SALT_BYTES);
}

/** Every page of the database file, decrypted. */
export function decryptDatabase(dbFile: string, key: Buffer): PlainPage[] {
  const raw = readFileSync(dbFile);
  if (raw.length % PAGE_SIZE !== 0) throw new Error(`database file is ${raw.length} bytes, not a whole number of pages`);
  const macKey = hmacKey(key, raw.subarray(0, SALT_BYTES));
  const pages: PlainPage[] = [];
  for (let i = 0; i < raw.length / PAGE_SIZE; i++) {
    pages.push({ pgno: i + 1, data: decryptPage(raw.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), i + 1, key, macKey) });
  }
  return pages;
}

/** Every whole frame of the WAL (current or stale), decrypted; none when the file is absent or empty. */
export function decryptWal(walFile: string, key: Buffer, salt: Buffer): PlainPage[] {
  if (!existsSync(walFile)) return [];
  const raw = readFileSync(walFile);
  if (raw.length === 0) return [];
  const macKey = hmacKey(key, salt);
  const frames: PlainPage[] = [];
  for (let at = WAL_HEADER; at + FRAME_HEADER + PAGE_SIZE <= raw.length; at += FRAME_HEADER + PAGE_SIZE) {
    const pgno = raw.readUInt32BE(at);
    frames.push({ pgno, data: decryptPage(raw.subarray(at + FRAME_HEADER, at + FRAME_HEADER + PAGE_SIZE), pgno, key, macKey) });
  }
  return frames;
}

/** The database's free pages, read from the plaintext: [trunk pages, leaf pages]. */
export function freelist(pages: readonly PlainPage[]): { trunks: number[]; leaves: number[]; total: number } {
  const header = pages[0]!.data;
  const byNumber = new Map(pages.map((p) => [p.pgno, p.data]));
  const total = header.readUInt32BE(36);
  const trunks: number[] = [];
  const leaves: number[] = [];
  for (let trunk = header.readUInt32BE(32); trunk !== 0; ) {
    const data = byNumber.get(trunk);
    if (!data) throw new Error(`freelist trunk page ${trunk} is outside the file`);
    trunks.push(trunk);
    const count = data.readUInt32BE(4);
    for (let i = 0; i < count; i++) leaves.push(data.readUInt32BE(8 + 4 * i));
    trunk = data.readUInt32BE(0);
  }
  return { trunks, leaves, total };
}

/** True when every byte is zero. */
export const allZero = (data: Buffer) => data.every((b) => b === 0);
