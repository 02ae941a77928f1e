import { MAX_EXCHANGE_FILE_BYTES } from '@contract/exchange-schemas';
import { i18n } from '../../i18n';
import type { ChosenFile } from '../../stores/exchange';

/** Bytes per btoa call: a multiple of 3, so the pieces join into one valid base64 text. */
const CHUNK = 3 * 16 * 1024;

/** Bytes to base64 in pieces: never String.fromCharCode(...all), which overflows the stack for a large file. */
export function base64OfBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const piece = bytes.subarray(start, start + CHUNK);
    let binary = '';
    for (let i = 0; i < piece.length; i++) binary += String.fromCharCode(piece[i]!);
    parts.push(btoa(binary));
  }
  return parts.join('');
}

export type ReadFiles = { ok: true; files: ChosenFile[] } | { ok: false; message: string };

/** Reads the files a file input chose, refusing one above the size the core accepts before sending anything. */
export async function readChosenFiles(list: FileList | readonly File[] | null): Promise<ReadFiles> {
  const files: ChosenFile[] = [];
  for (const file of Array.from(list ?? [])) {
    if (file.size > MAX_EXCHANGE_FILE_BYTES) return { ok: false, message: i18n.t('exchange.fileTooLarge', { name: file.name }) };
    try {
      files.push({ name: file.name, base64: base64OfBytes(new Uint8Array(await file.arrayBuffer())) });
    } catch {
      return { ok: false, message: i18n.t('exchange.fileReadFailed', { name: file.name }) };
    }
  }
  return { ok: true, files };
}
