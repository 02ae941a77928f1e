import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ChosenFolder } from '../contract/platform';
import { AppError } from './errors';

/**
 * Main decides where files go. The renderer never names a path for the app to
 * write to: the user picks a folder in the operating system's folder picker,
 * the main process registers it here and hands the renderer an opaque id, and
 * a batch writes only to a folder whose id it was given. Ids live until the
 * app locks, so a page that was compromised, or a stale one, cannot redirect
 * files to a path of its choosing.
 */
export class FolderGrants {
  private readonly folders = new Map<string, string>();

  grant(folder: string): ChosenFolder {
    if (!path.isAbsolute(folder)) throw new AppError('FOLDER_NOT_WRITABLE');
    const resolved = path.resolve(folder);
    // The same folder picked twice keeps one id.
    for (const [id, known] of this.folders) if (known === resolved) return { id, label: resolved };
    const id = randomUUID();
    this.folders.set(id, resolved);
    return { id, label: resolved };
  }

  /** The folder behind an id, or FOLDER_NOT_CHOSEN. */
  resolve(id: string): string {
    const folder = this.folders.get(id);
    if (folder === undefined) throw new AppError('FOLDER_NOT_CHOSEN');
    return folder;
  }

  clear(): void {
    this.folders.clear();
  }
}
