import type { ExportedFile } from '@contract/types';

/**
 * Saves a file made in the main process through the browser's own download:
 * a Blob, an object URL and a temporary <a download>. This works the same in
 * Electron and in Chromium, and nothing is left on disk by the app itself.
 */
export function saveExportedFile(file: ExportedFile): void {
  const bytes = bytesOfBase64(file.base64);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; revoking it at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Base64 (as ExportedFile carries a file) to bytes. */
export function bytesOfBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
