import type { ChosenFolder, PlatformApi, PrintOutcome } from '@contract/platform';

declare global {
  interface Window {
    /** What only the desktop shell can do (print dialog, folder picker); absent in the browser harness. */
    neoPlatform?: PlatformApi;
  }
}

/** 'browser': window.print() was used, which does not tell how the dialog ended. */
export type PrintResult = PrintOutcome | 'browser';

/**
 * Opens the operating system's print dialog for the window (its print
 * stylesheet decides what is printed). In the desktop app the main process
 * opens it and reports how it ended; in a plain browser window.print() does.
 */
export async function printWindow(): Promise<PrintResult> {
  const print = window.neoPlatform?.print;
  if (!print) {
    window.print();
    return 'browser';
  }
  try {
    const result = await print();
    return result.ok ? result.value.outcome : 'failed';
  } catch {
    return 'failed';
  }
}

/** Whether a folder picker exists (the desktop app). */
export function canChooseFolder(): boolean {
  return typeof window.neoPlatform?.chooseFolder === 'function';
}

/** Whether a folder is typed as a path instead (the development harness only; the desktop app never offers it). */
export function canTypeFolder(): boolean {
  return typeof window.neoPlatform?.typedFolder === 'function';
}

/** The folder the user chose (null if they closed the picker), or ok: false when no picker could be opened. */
export type FolderChoice = { ok: true; folder: ChosenFolder | null } | { ok: false; message?: string };

export async function chooseFolder(title: string): Promise<FolderChoice> {
  const choose = window.neoPlatform?.chooseFolder;
  if (!choose) return { ok: false };
  try {
    const result = await choose({ title });
    return result.ok ? { ok: true, folder: result.value.folder } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** Development harness: a typed path, granted as the picker would grant a chosen folder. */
export async function typedFolder(path: string): Promise<FolderChoice> {
  const type = window.neoPlatform?.typedFolder;
  if (!type) return { ok: false };
  try {
    const result = await type({ path });
    return result.ok ? { ok: true, folder: result.value.folder } : { ok: false, message: result.error.fields?.path ?? result.error.message };
  } catch {
    return { ok: false };
  }
}
