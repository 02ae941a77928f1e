import type { PlatformApi, PrintOutcome } from '@contract/platform';

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
  const platform = window.neoPlatform;
  if (!platform) {
    window.print();
    return 'browser';
  }
  try {
    const result = await platform.print();
    return result.ok ? result.value.outcome : 'failed';
  } catch {
    return 'failed';
  }
}

/** Whether a folder picker exists; without one, a folder is typed as a path. */
export function canChooseFolder(): boolean {
  return typeof window.neoPlatform?.chooseFolder === 'function';
}

/** The folder the user chose (null if they closed the picker), or ok: false when no picker could be opened. */
export type FolderChoice = { ok: true; folder: string | null } | { ok: false };

export async function chooseFolder(title: string): Promise<FolderChoice> {
  const platform = window.neoPlatform;
  if (!platform) return { ok: false };
  try {
    const result = await platform.chooseFolder({ title });
    return result.ok ? { ok: true, folder: result.value.folder } : { ok: false };
  } catch {
    return { ok: false };
  }
}
