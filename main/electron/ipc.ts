import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelNames } from '../contract/channels';
import type { Envelope } from '../contract/envelope';
import { errorMessages } from '../contract/messages';
import type { Language } from '../contract/messages';
import type { Dispatch } from '../core/dispatcher';

/**
 * Registers one ipcMain handler per contract channel, and nothing else. Every
 * call is checked first: it must come from the main frame of the app's own
 * window, showing one of the app's own pages. Anything else (a subframe, another
 * web contents, a page that navigated away) is refused without touching the core.
 */

export interface IpcWiring {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: Dispatch;
  /** The app window's web contents, when it exists. */
  appContents: () => WebContents | null;
  isAppUrl: (url: string) => boolean;
  /** Language of the refusal message; the core's own messages follow its settings. */
  language?: () => Language;
}

export function isTrustedSender(event: IpcMainInvokeEvent, appContents: WebContents | null, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  if (!appContents || !frame || appContents.isDestroyed()) return false;
  if (event.sender !== appContents) return false;
  const main = appContents.mainFrame;
  // Top frame of our window: no parent, and the very frame Electron lists as its main frame.
  if (frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

export function forbidden(language: Language = 'nb'): Envelope<never> {
  return { ok: false, error: { code: 'FORBIDDEN', message: errorMessages[language].FORBIDDEN } };
}

/** Returns a function that removes the handlers again (used on shutdown and by tests). */
export function registerIpc(wiring: IpcWiring): () => void {
  for (const channel of channelNames) {
    wiring.ipcMain.handle(channel, async (event, input: unknown) => {
      if (!isTrustedSender(event, wiring.appContents(), wiring.isAppUrl)) return forbidden(wiring.language?.());
      return wiring.dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of channelNames) wiring.ipcMain.removeHandler(channel);
  };
}
