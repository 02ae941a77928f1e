import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipInBackground } from '../../../main/core/exchange/compress';

/**
 * The export's gzip, which compresses in the threadpool a member at a time:
 * what it writes must read back as one stream, with node:zlib (the import)
 * and with the gzip tool.
 */

/** Gzip members start with 1f 8b 08; counted where a member can start, from the bytes alone. */
const membersIn = (file: Buffer) => {
  let count = 0;
  for (let at = file.indexOf(Buffer.from([0x1f, 0x8b, 0x08])); at >= 0; at = file.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), at + 1)) count++;
  return count;
};

describe('gzip in the background', () => {
  it('reads back, in the order written, with node:zlib and with gunzip, across many members', async () => {
    // Text like a payload's (compressible) with random ids, in pieces of uneven sizes, 3 MB in all.
    const pieces: Buffer[] = [];
    for (let i = 0, size = 0; size < 3_000_000; i++) {
      const piece = Buffer.from(`{"id":"${randomBytes(16).toString('hex')}","n":${i},"status":"present","note":"${'x'.repeat(i % 700)}"},`, 'utf8');
      pieces.push(piece);
      size += piece.length;
    }
    const gzip = new GzipInBackground();
    for (const piece of pieces) gzip.write(piece);
    const file = await gzip.end();
    const plain = Buffer.concat(pieces);

    expect(file.length).toBeLessThan(plain.length / 2);
    expect(membersIn(file)).toBeGreaterThanOrEqual(5); // 3 MB in members of about 512 KiB
    expect(gunzipSync(file).equals(plain)).toBe(true);
    expect(execFileSync('gunzip', ['-c'], { input: file, maxBuffer: 16 * 1024 * 1024 }).equals(plain)).toBe(true);
    // The import's size cap counts every member.
    expect(() => gunzipSync(file, { maxOutputLength: plain.length - 1 })).toThrow(RangeError);
  });

  it('writes a valid gzip file for a single small piece and for nothing at all', async () => {
    const small = new GzipInBackground();
    small.write(Buffer.from('{"format":"neo-kurs-batch"}', 'utf8'));
    expect(gunzipSync(await small.end()).toString('utf8')).toBe('{"format":"neo-kurs-batch"}');
    const empty = await new GzipInBackground().end();
    expect(gunzipSync(empty).length).toBe(0);
    expect(execFileSync('gunzip', ['-c'], { input: empty }).length).toBe(0);
  });
});
