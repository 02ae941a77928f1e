import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import { channelNames } from '../../main/contract/channels';
import type { Envelope } from '../../main/contract/envelope';
import { errorMessages } from '../../main/contract/messages';
import { Core } from '../../main/core/index';
import type { Dispatch } from '../../main/core/dispatcher';
import { registerIpc } from '../../main/electron/ipc';
import { rendererSource } from '../../main/electron/origin';
import { FakeWebContents, fake, fakeFrame, resetFakeElectron } from './fake-electron';
import type { FakeFrame } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };
const source = rendererSource({ isPackaged: true, devServerUrl: undefined });

let dataDir: string;
let core: Core;
let appContents: FakeWebContents;
let dispatched: string[];

beforeEach(() => {
  resetFakeElectron();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-ipc-'));
  core = new Core({ dataDir, scrypt: FAST_SCRYPT });
  appContents = new FakeWebContents('app://neo/index.html');
  dispatched = [];
  // The real core's dispatcher, with a record of every call that reached it.
  const dispatch: Dispatch = (channel, input) => {
    dispatched.push(String(channel));
    return core.dispatch(channel, input);
  };
  registerIpc({
    ipcMain: fake.ipcMain as unknown as IpcMain,
    dispatch,
    appContents: () => appContents as unknown as WebContents,
    isAppUrl: source.isAppUrl,
  });
});

afterEach(() => {
  core.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Calls a registered handler the way ipcMain would, from the given sender and frame. */
function invoke(channel: string, input: unknown, sender: FakeWebContents = appContents, frame: FakeFrame | null = sender.mainFrame) {
  const handler = fake.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender, senderFrame: frame, frameId: 1, processId: 7 }, input) as Promise<Envelope<unknown>>;
}

const FORBIDDEN = { ok: false, error: { code: 'FORBIDDEN', message: errorMessages.nb.FORBIDDEN } };
const vaultCreate = { passphrase: 'korrekt hest batteri stift', staffName: 'Kari Lærer', role: 'teacher' };

describe('ipc registration', () => {
  it('registers exactly the contract channels', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toStrictEqual([...channelNames].sort());
    expect(fake.ipcMain.handlers.size).toBe(channelNames.length);
  });

  it('can remove every handler again', () => {
    const ipcMain = fake.ipcMain;
    resetFakeElectron();
    const unregister = registerIpc({
      ipcMain: fake.ipcMain as unknown as IpcMain,
      dispatch: core.dispatch,
      appContents: () => null,
      isAppUrl: source.isAppUrl,
    });
    expect(fake.ipcMain.handlers.size).toBe(channelNames.length);
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
    expect(ipcMain.handlers.size).toBe(channelNames.length);
  });
});

describe('a call from the app main frame', () => {
  it("returns the core's envelope", async () => {
    expect(await invoke('vault:status', {})).toStrictEqual({ ok: true, value: { state: 'uninitialized', language: 'nb', needsName: true, retryAfterSeconds: 0 } });
    const created = await invoke('vault:create', vaultCreate);
    expect(created).toMatchObject({ ok: true, value: { staffName: 'Kari Lærer', role: 'coordinator' } });
    expect(await invoke('courses:list', {})).toStrictEqual({ ok: true, value: [] });
    expect(existsSync(path.join(dataDir, 'vault.json'))).toBe(true);
    expect(dispatched).toStrictEqual(['vault:status', 'vault:create', 'courses:list']);
  });

  it("passes bad input to the core's validation, which answers with field errors", async () => {
    const answer = await invoke('vault:create', { passphrase: 'kort', staffName: '', role: 'admin' });
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('VALIDATION');
    expect(!answer.ok && Object.keys(answer.error.fields ?? {})).toEqual(expect.arrayContaining(['passphrase', 'role']));
  });
});

describe('a call from anywhere else', () => {
  const refusedCases: [string, () => [FakeWebContents, FakeFrame | null]][] = [
    ['a subframe of the app window', () => [appContents, fakeFrame('app://neo/index.html', appContents.mainFrame)]],
    ['a foreign frame that claims the app URL', () => [appContents, fakeFrame('app://neo/index.html')]],
    ['a child frame, even one reporting the main frame ids', () => [appContents, { ...appContents.mainFrame, parent: fakeFrame('app://neo/index.html') }]],
    [
      'the main frame of another web contents showing the app',
      () => {
        const other = new FakeWebContents('app://neo/index.html');
        return [other, other.mainFrame];
      },
    ],
    [
      'the main frame of another web contents showing a remote page',
      () => {
        const other = new FakeWebContents('https://evil.example/');
        return [other, other.mainFrame];
      },
    ],
    ['a frame that no longer exists', () => [appContents, null]],
  ];

  for (const [name, makeSender] of refusedCases) {
    it(`is FORBIDDEN and never reaches the core: ${name}`, async () => {
      const [sender, frame] = makeSender();
      expect(await invoke('vault:create', vaultCreate, sender, frame)).toStrictEqual(FORBIDDEN);
      expect(await invoke('vault:status', {}, sender, frame)).toStrictEqual(FORBIDDEN);
      expect(dispatched).toStrictEqual([]);
      expect(existsSync(path.join(dataDir, 'vault.json'))).toBe(false);
    });
  }

  it('is FORBIDDEN when the app main frame shows another URL', async () => {
    appContents.mainFrame.url = 'https://evil.example/';
    expect(await invoke('vault:create', vaultCreate)).toStrictEqual(FORBIDDEN);
    appContents.mainFrame.url = 'app://other/index.html';
    expect(await invoke('vault:create', vaultCreate)).toStrictEqual(FORBIDDEN);
    expect(dispatched).toStrictEqual([]);
    expect(existsSync(path.join(dataDir, 'vault.json'))).toBe(false);
  });

  it('is FORBIDDEN once the app window is destroyed', async () => {
    appContents.destroyed = true;
    expect(await invoke('vault:status', {})).toStrictEqual(FORBIDDEN);
    expect(dispatched).toStrictEqual([]);
  });
});
