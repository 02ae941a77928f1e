import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/core/files';

let dir: string;

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole, readable only by its owner, and leaves nothing beside it', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neo-atomic-'));
    const file = path.join(dir, 'vault.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new content');
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(readdirSync(dir)).toEqual(['vault.json']);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('removes its temporary file when the rename fails, and keeps what was there', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'neo-atomic-'));
    // A folder that is not empty cannot be renamed over: the last step fails after the data is written.
    const target = path.join(dir, 'Kursbevis.pdf');
    mkdirSync(target);
    writeFileSync(path.join(target, 'inside'), 'x');
    const failure: unknown = await writeFileAtomic(target, Buffer.from('%PDF-1.7')).then(
      () => null,
      (error: unknown) => error,
    );
    expect((failure as { code?: string } | null)?.code).toMatch(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM)$/);
    expect(readdirSync(dir)).toEqual(['Kursbevis.pdf']);
    expect(readdirSync(target)).toEqual(['inside']);
  });
});
