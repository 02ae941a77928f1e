import { promises as fs } from 'node:fs';
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
