import { buildNeoApi } from '../../../main/contract/api';
import type { PlatformApi } from '../../../main/contract/platform';

/**
 * window.neo for the browser harness: the same contract as the Electron
 * preload, carried over HTTP to the harness server instead of IPC. The token
 * arrives in the URL fragment (never sent to the server in a URL) and is kept
 * in sessionStorage so a reload still works.
 */
const TOKEN_KEY = 'neo-harness-token';

function takeToken(): string {
  const match = /token=([0-9a-f]{64})/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

const token = takeToken();

window.neo = buildNeoApi(async (channel, input) => {
  const response = await fetch(`/api/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Neo-Token': token },
    body: JSON.stringify(input),
  });
  if (!response.ok) {
    return { ok: false, error: { code: 'INTERNAL', message: `Harness: HTTP ${response.status}` } };
  }
  return (await response.json()) as unknown;
});

/**
 * No print dialog or folder picker here (the renderer prints with
 * window.print()); a typed folder path is granted by the harness as the
 * desktop app grants a picked folder.
 */
window.neoPlatform = {
  typedFolder: async (input) => {
    const response = await fetch('/harness/typed-folder', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Neo-Token': token },
      body: JSON.stringify(input),
    });
    if (!response.ok) return { ok: false, error: { code: 'INTERNAL', message: `Harness: HTTP ${response.status}` } };
    return (await response.json()) as Awaited<ReturnType<NonNullable<PlatformApi['typedFolder']>>>;
  },
};
