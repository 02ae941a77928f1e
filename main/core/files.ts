import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content,
 * never a torn file: write a sibling, flush it, rename over, flush the folder.
 */
export async function writeFileAtomic(file: string, content: string | Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  const handle = await fs.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await fs.rename(temp, file);
  const dir = await fs.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
