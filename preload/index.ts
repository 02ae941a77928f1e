import { contextBridge, ipcRenderer } from 'electron';
import { buildNeoApi } from '../main/contract/api';

/**
 * The bridge: window.neo, one function per contract channel, each a single
 * ipcRenderer.invoke. ipcRenderer itself never reaches the page. Built as
 * CommonJS (out/preload/index.cjs) because a sandboxed preload cannot be ESM.
 */
contextBridge.exposeInMainWorld(
  'neo',
  buildNeoApi((channel, input) => ipcRenderer.invoke(channel, input)),
);
