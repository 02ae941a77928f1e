import { chmodSync, closeSync, constants as fsConstants, existsSync, mkdirSync, openSync, promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content,
 * never a torn file: write a sibling, flush it, rename over, flush the folder.
 * A failure before the rename (a full disk can fail the write, the flush, the
 * close or the rename itself) removes the sibling again.
 */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  // Windows cannot open a folder to flush it (EPERM), and makes a rename durable by itself.
  if (process.platform === 'win32') return;
  const dir = await fs.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** Owner-only permissions exist on POSIX systems; on Windows the user's profile folder already keeps others out. */
const POSIX = process.platform !== 'win32';

/**
 * Creates the folder if needed and makes it private (0700) on every call: a
 * folder that already existed (made by hand, or by an older version) may be 0755.
 */
export function ensurePrivateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700);
}

/** Makes the files that exist among `files` private (0600); the others are left alone. */
export function ensurePrivateFiles(...files: string[]): void {
  if (!POSIX) return;
  for (const file of files) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Creates an empty private file unless it exists: SQLite gives its WAL and
 * shared-memory files the permissions of the database file, so a database that
 * starts as 0600 never has a moment readable by others.
 */
export function createPrivateFile(file: string): void {
  if (existsSync(file)) return;
  closeSync(openSync(file, 'a', 0o600));
}

/** "Kursbevis – A.pdf" → "Kursbevis – A (2).pdf": the n-th candidate name for a file that must not replace another. */
export function numberedName(name: string, n: number): string {
  if (n <= 1) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)} (${n})${ext}`;
}

/** Link errors that mean "this file system has no hard links" (FAT on a USB stick, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Writes a new file into `folder`, never replacing one that exists: if `name`
 * is taken, "name (2)", "name (3)" … is used. The content is written and
 * flushed under a temporary name first and then linked into place in one
 * step that fails if the name exists, so no one else's file is touched and no
 * half-written file appears under the final name. Returns the name used.
 */
export async function writeNewFile(folder: string, name: string, content: Buffer): Promise<string> {
  const temp = path.join(folder, `.neo-kurs-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}.tmp`);
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let n = 1; ; n++) {
      const candidate = numberedName(name, n);
      const target = path.join(folder, candidate);
      try {
        await fs.link(temp, target);
        return candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (code === 'EEXIST') continue;
        if (!NO_HARD_LINKS.has(code)) throw error;
      }
      // No hard links here: an exclusive copy still never replaces a file (a failed copy is removed).
      try {
        await fs.copyFile(temp, target, fsConstants.COPYFILE_EXCL);
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        await fs.rm(target, { force: true }).catch(() => {});
        throw error;
      }
    }
  } finally {
    await fs.rm(temp, { force: true });
    if (process.platform !== 'win32') {
      const dir = await fs.open(folder, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    }
  }
}
