import { z } from 'zod';
import type { Envelope } from './envelope';
import type { ValidationKey } from './messages';

/**
 * What only the desktop shell can do: the operating system's print dialog and
 * folder picker. These channels never reach the core (they touch no data); the
 * Electron main process answers them itself, after the same sender check as
 * every contract channel. The preload exposes them as window.neoPlatform; the
 * browser harness has none, so the renderer falls back to window.print() and
 * a typed folder path.
 */

export const platformChannels = {
  /** Opens the OS print dialog for what the window shows through its print stylesheet. */
  print: 'platform:print',
  /** Opens the OS folder picker. */
  chooseFolder: 'platform:chooseFolder',
} as const;

export type PlatformChannel = (typeof platformChannels)[keyof typeof platformChannels];

/** Issue messages are keys of validationMessages, as in schemas.ts, so a refusal is translated. */
const msg = (key: ValidationKey) => ({ error: key });

export const platformPrintInput = z.object({}).strict();

export const platformChooseFolderInput = z
  .object({
    /** The picker's title, in the UI's language. */
    title: z.string(msg('required')).trim().min(1, msg('required')).max(200, msg('tooLong')),
  })
  .strict();

export type PlatformChooseFolderInput = z.infer<typeof platformChooseFolderInput>;

/**
 * A folder the user picked: `id` is the handle the main process issued for it
 * (what certificates:startBatch takes), `label` its path, shown to the user.
 * Handles live until the app locks.
 */
export interface ChosenFolder {
  id: string;
  label: string;
}

/** Development harness only (never in the desktop app): a typed path stands in for the folder picker. */
export const harnessTypedFolderInput = z
  .object({ path: z.string(msg('folderRequired')).trim().min(1, msg('folderRequired')).max(4096, msg('tooLong')) })
  .strict();

/** How a print ended: sent to the printer, cancelled in the dialog, or failed (no printer, driver error). */
export type PrintOutcome = 'printed' | 'cancelled' | 'failed';

/**
 * window.neoPlatform. The desktop preload has print and chooseFolder; the
 * browser harness has only typedFolder (and the renderer prints with
 * window.print()), so every member is optional.
 */
export interface PlatformApi {
  print?: () => Promise<Envelope<{ outcome: PrintOutcome }>>;
  /** folder is null when the user closed the picker without choosing. */
  chooseFolder?: (input: PlatformChooseFolderInput) => Promise<Envelope<{ folder: ChosenFolder | null }>>;
  /** Development harness only: grants a typed path, as the picker would. */
  typedFolder?: (input: { path: string }) => Promise<Envelope<{ folder: ChosenFolder }>>;
}
