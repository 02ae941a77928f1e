import { contextBridge, ipcRenderer } from 'electron';
import { buildNeoApi } from '../main/contract/api';
import type { Envelope } from '../main/contract/envelope';
import { platformChannels } from '../main/contract/platform';
import type { ChosenFolder, PlatformApi, PrintOutcome } from '../main/contract/platform';

/**
 * The bridge: window.neo, one function per contract channel, and
 * window.neoPlatform (print dialog, folder picker), each function a single
 * ipcRenderer.invoke. ipcRenderer itself never reaches the page. Built as
 * CommonJS (out/preload/index.cjs) because a sandboxed preload cannot be ESM.
 */
contextBridge.exposeInMainWorld(
  'neo',
  buildNeoApi((channel, input) => ipcRenderer.invoke(channel, input)),
);

const neoPlatform: PlatformApi = {
  print: () => ipcRenderer.invoke(platformChannels.print, {}) as Promise<Envelope<{ outcome: PrintOutcome }>>,
  chooseFolder: (input) => ipcRenderer.invoke(platformChannels.chooseFolder, input) as Promise<Envelope<{ folder: ChosenFolder | null }>>,
};
contextBridge.exposeInMainWorld('neoPlatform', neoPlatform);
