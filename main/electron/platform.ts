import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent, WebContents, WebContentsPrintOptions } from 'electron';
import type { z } from 'zod';
import type { Envelope } from '../contract/envelope';
import { errorMessages, fieldKeysOf, translateValidation } from '../contract/messages';
import type { Language } from '../contract/messages';
import { platformChannels, platformChooseFolderInput, platformPrintInput } from '../contract/platform';
import type { ChosenFolder, PlatformChooseFolderInput, PrintOutcome } from '../contract/platform';
import { forbidden, isTrustedSender } from './ipc';

/**
 * What only the desktop shell can do: the OS print dialog and folder picker.
 * These handlers never reach the core (they touch no data), but they get the
 * same sender check as every contract channel, validate their input with the
 * contract's schemas, and answer with an envelope: nothing is ever thrown back
 * across the IPC boundary.
 */

export interface PlatformWiring {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dialog: Pick<Dialog, 'showOpenDialog'>;
  /** The app window, when it exists. */
  appWindow: () => BrowserWindow | null;
  isAppUrl: (url: string) => boolean;
  /** Language of refusal and error messages. */
  language?: () => Language;
  /** Registers a picked folder with the core and returns the id a batch may write to (throws when locked). */
  grantFolder: (folder: string) => ChosenFolder;
}

/** A4 portrait without margins: the certificate's print stylesheet owns the page layout. */
export const PRINT_OPTIONS: WebContentsPrintOptions = {
  silent: false,
  printBackground: true,
  pageSize: 'A4',
  landscape: false,
  margins: { marginType: 'none' },
};

/**
 * failureReason values that mean the user closed the dialog. Electron has said
 * 'cancelled', then 'canceled' (Electron 17), and documents "Print job canceled";
 * all three are a choice, not an error, so none of them is reported as a failure.
 */
const CANCELLED_REASONS = new Set(['cancelled', 'canceled', 'Print job canceled']);

export function printOutcome(success: boolean, failureReason: string): PrintOutcome {
  if (success) return 'printed';
  return CANCELLED_REASONS.has(failureReason) ? 'cancelled' : 'failed';
}

/** The envelope the core's dispatcher gives bad input: issue messages are validationMessages keys, translated per field. */
function validationFailure(error: z.ZodError, language: Language): Envelope<never> {
  const fields = Object.fromEntries(Object.entries(fieldKeysOf(error.issues)).map(([field, key]) => [field, translateValidation(language, key)]));
  return { ok: false, error: { code: 'VALIDATION', message: errorMessages[language].VALIDATION, fields } };
}

function internalFailure(language: Language): Envelope<never> {
  return { ok: false, error: { code: 'INTERNAL', message: errorMessages[language].INTERNAL } };
}

/** Returns a function that removes the handlers again (used on shutdown and by tests). */
export function registerPlatformIpc(wiring: PlatformWiring): () => void {
  const language = () => wiring.language?.() ?? 'nb';
  const liveWindow = () => {
    const window = wiring.appWindow();
    return window && !window.isDestroyed() ? window : null;
  };
  /** The app window, if the call comes from its main frame on an app page; null means refuse. */
  const trustedWindow = (event: IpcMainInvokeEvent): BrowserWindow | null => {
    const window = liveWindow();
    return window && isTrustedSender(event, window.webContents, wiring.isAppUrl) ? window : null;
  };

  // One print dialog at a time. A double click, or a second request while the
  // dialog is open, must not stack a second modal dialog (Chromium refuses a
  // print job while one is active anyway, and would report it as a failure).
  // The second caller did not print, and nothing went wrong: 'cancelled'.
  let printing = false;

  const print = (contents: WebContents): Promise<PrintOutcome> =>
    new Promise((resolve) => {
      if (printing) {
        resolve('cancelled');
        return;
      }
      printing = true;
      // A renderer that crashes or a window that closes with the dialog open may never call back:
      // that must not leave every later print refused.
      const gone = () => finish('failed');
      const finish = (outcome: PrintOutcome) => {
        printing = false;
        contents.off('destroyed', gone);
        contents.off('render-process-gone', gone);
        resolve(outcome);
      };
      contents.once('destroyed', gone);
      contents.once('render-process-gone', gone);
      try {
        contents.print(PRINT_OPTIONS, (success, failureReason) => finish(printOutcome(success, failureReason)));
      } catch {
        // Invalid settings or a web contents torn down mid-call: a failed print, not a crashed handler.
        finish('failed');
      }
    });

  wiring.ipcMain.handle(platformChannels.print, async (event, input: unknown) => {
    const window = trustedWindow(event);
    if (!window) return forbidden(language());
    const parsed = platformPrintInput.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error, language());
    return { ok: true, value: { outcome: await print(window.webContents) } };
  });

  wiring.ipcMain.handle(platformChannels.chooseFolder, async (event, input: unknown) => {
    const window = trustedWindow(event);
    if (!window) return forbidden(language());
    const parsed = platformChooseFolderInput.safeParse(input);
    if (!parsed.success) return validationFailure(parsed.error, language());
    const { title }: PlatformChooseFolderInput = parsed.data;
    try {
      const answer = await wiring.dialog.showOpenDialog(window, {
        title,
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      });
      const picked = answer.canceled ? null : (answer.filePaths[0] ?? null);
      // The renderer gets an id for the folder, never a path it could hand back: main decides where files go.
      return { ok: true, value: { folder: picked === null ? null : wiring.grantFolder(picked) } };
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (code === 'VAULT_LOCKED') return { ok: false, error: { code: 'VAULT_LOCKED', message: errorMessages[language()].VAULT_LOCKED } };
      return internalFailure(language());
    }
  });

  return () => {
    wiring.ipcMain.removeHandler(platformChannels.print);
    wiring.ipcMain.removeHandler(platformChannels.chooseFolder);
  };
}
