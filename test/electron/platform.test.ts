import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, Dialog, IpcMain } from 'electron';
import type { Envelope } from '../../main/contract/envelope';
import { errorMessages, validationMessages } from '../../main/contract/messages';
import type { Language } from '../../main/contract/messages';
import { platformChannels } from '../../main/contract/platform';
import { AppError } from '../../main/core/errors';
import { FolderGrants } from '../../main/core/folders';
import { rendererSource } from '../../main/electron/origin';
import { printOutcome, registerPlatformIpc } from '../../main/electron/platform';
import { FakeBrowserWindow, FakeWebContents, fake, fakeFrame, resetFakeElectron } from './fake-electron';
import type { FakeFrame } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const source = rendererSource({ isPackaged: true, devServerUrl: undefined });
const EXPECTED_PRINT_OPTIONS = {
  silent: false,
  printBackground: true,
  pageSize: 'A4',
  landscape: false,
  margins: { marginType: 'none' },
};
const FOLDER_PROPERTIES = ['openDirectory', 'createDirectory', 'promptToCreate'];

let appWindow: FakeBrowserWindow | null;
let language: Language;
let unregister: () => void;
/** The core's register of picked folders (the real class); null stands for a locked app. */
let grants: FolderGrants | null;

beforeEach(() => {
  resetFakeElectron();
  appWindow = new FakeBrowserWindow({});
  language = 'nb';
  grants = new FolderGrants();
  unregister = registerPlatformIpc({
    ipcMain: fake.ipcMain as unknown as IpcMain,
    dialog: fake.dialog as unknown as Pick<Dialog, 'showOpenDialog'>,
    appWindow: () => appWindow as unknown as BrowserWindow | null,
    isAppUrl: source.isAppUrl,
    language: () => language,
    grantFolder: (folder) => {
      if (!grants) throw new AppError('VAULT_LOCKED');
      return grants.grant(folder);
    },
  });
});

function window(): FakeBrowserWindow {
  if (!appWindow) throw new Error('the test closed the window');
  return appWindow;
}

/** Calls a registered handler the way ipcMain would, from the given sender and frame. */
function invoke<T>(channel: string, input: unknown, sender: FakeWebContents = window().webContents, frame: FakeFrame | null = sender.mainFrame) {
  const handler = fake.ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler({ sender, senderFrame: frame, frameId: 1, processId: 7 }, input) as Promise<Envelope<T>>;
}

const print = (sender?: FakeWebContents, frame?: FakeFrame | null) => invoke<{ outcome: string }>(platformChannels.print, {}, sender, frame);
const chooseFolder = (input: unknown, sender?: FakeWebContents, frame?: FakeFrame | null) =>
  invoke<{ folder: { id: string; label: string } | null }>(platformChannels.chooseFolder, input, sender, frame);

/** Lets the handler reach print() before the test answers the dialog. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const forbidden = (lang: Language = 'nb') => ({ ok: false, error: { code: 'FORBIDDEN', message: errorMessages[lang].FORBIDDEN } });

describe('platform ipc registration', () => {
  it('registers exactly the two platform channels, and removes them again', () => {
    expect([...fake.ipcMain.handlers.keys()].sort()).toStrictEqual(['platform:chooseFolder', 'platform:print']);
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

describe('platform:print', () => {
  it('opens the print dialog of the app window with A4 portrait, no margins, backgrounds on', async () => {
    const answer = print();
    await settle();
    expect(window().webContents.printCalls).toHaveLength(1);
    expect(window().webContents.printCalls[0]?.options).toStrictEqual(EXPECTED_PRINT_OPTIONS);
    window().webContents.finishPrint(true);
    expect(await answer).toStrictEqual({ ok: true, value: { outcome: 'printed' } });
  });

  const outcomes: [string, boolean, string, string][] = [
    ['printed', true, '', 'printed'],
    ['cancelled in the dialog', false, 'cancelled', 'cancelled'],
    ['cancelled, as newer Electron spells it', false, 'Print job canceled', 'cancelled'],
    ['a printer failure', false, 'Print job failed', 'failed'],
    ['invalid printer settings', false, 'Invalid printer settings', 'failed'],
    ['a failure with no reason', false, '', 'failed'],
  ];
  for (const [name, success, reason, outcome] of outcomes) {
    it(`answers '${outcome}' for ${name}`, async () => {
      const answer = print();
      await settle();
      window().webContents.finishPrint(success, reason);
      expect(await answer).toStrictEqual({ ok: true, value: { outcome } });
    });
  }

  it('maps the callback result without the IPC around it', () => {
    expect(printOutcome(true, 'cancelled')).toBe('printed');
    expect(printOutcome(false, 'canceled')).toBe('cancelled');
    expect(printOutcome(false, 'Cancelled')).toBe('failed');
  });

  it('answers failed, never throws, when print() itself throws', async () => {
    window().webContents.printError = new Error('Invalid printer settings');
    expect(await print()).toStrictEqual({ ok: true, value: { outcome: 'failed' } });
    // And the failed attempt does not block the next one.
    window().webContents.printError = null;
    const next = print();
    await settle();
    window().webContents.finishPrint(true);
    expect(await next).toStrictEqual({ ok: true, value: { outcome: 'printed' } });
    expect(window().webContents.printCalls).toHaveLength(2);
  });

  it('opens one dialog at a time: a second call while it is open is cancelled without a second dialog', async () => {
    const first = print();
    await settle();
    const second = print();
    await settle();
    expect(window().webContents.printCalls).toHaveLength(1);
    expect(await second).toStrictEqual({ ok: true, value: { outcome: 'cancelled' } });

    window().webContents.finishPrint(true);
    expect(await first).toStrictEqual({ ok: true, value: { outcome: 'printed' } });

    // Once the dialog is closed, printing works again.
    const again = print();
    await settle();
    expect(window().webContents.printCalls).toHaveLength(2);
    window().webContents.finishPrint(false, 'cancelled');
    expect(await again).toStrictEqual({ ok: true, value: { outcome: 'cancelled' } });
  });

  it('is not stuck when the page goes away with the dialog open: the print fails and the next one opens', async () => {
    const first = print();
    await settle();
    // The renderer crashed: Electron may never call the print callback.
    window().webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(await first).toStrictEqual({ ok: true, value: { outcome: 'failed' } });
    expect(window().webContents.listenerCount('render-process-gone')).toBe(0);
    expect(window().webContents.listenerCount('destroyed')).toBe(0);

    const next = print();
    await settle();
    expect(window().webContents.printCalls).toHaveLength(2);
    window().webContents.finishPrint(true);
    expect(await next).toStrictEqual({ ok: true, value: { outcome: 'printed' } });
  });

  it('refuses input it does not expect, translated, without printing', async () => {
    const answer = await invoke(platformChannels.print, { copies: 100 });
    expect(answer).toStrictEqual({
      ok: false,
      error: { code: 'VALIDATION', message: errorMessages.nb.VALIDATION, fields: { _: validationMessages.nb.invalidValue } },
    });
    language = 'en';
    expect(await invoke(platformChannels.print, 'print')).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: errorMessages.en.VALIDATION } });
    expect(window().webContents.printCalls).toHaveLength(0);
  });
});

describe('platform:chooseFolder', () => {
  it('opens the folder picker on the app window and answers with an id for the chosen folder, never a path to send back', async () => {
    fake.dialog.openAnswer = { canceled: false, filePaths: ['/home/kari/Kursbevis'] };
    const answer = await chooseFolder({ title: 'Velg mappe for kursbevis' });
    expect(answer).toStrictEqual({ ok: true, value: { folder: { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as string, label: '/home/kari/Kursbevis' } } });
    // The core knows the folder by that id: that is what a batch writes to.
    expect(grants!.resolve((answer as { ok: true; value: { folder: { id: string } } }).value.folder.id)).toBe('/home/kari/Kursbevis');
    expect(fake.dialog.openCalls).toHaveLength(1);
    expect(fake.dialog.openCalls[0]?.window).toBe(window());
    expect(fake.dialog.openCalls[0]?.options).toStrictEqual({ title: 'Velg mappe for kursbevis', properties: FOLDER_PROPERTIES });
  });

  it('answers null when the picker is closed without a choice', async () => {
    fake.dialog.openAnswer = { canceled: true, filePaths: [] };
    expect(await chooseFolder({ title: 'Velg mappe' })).toStrictEqual({ ok: true, value: { folder: null } });
    // Cancelled wins even if a platform still reports a path.
    fake.dialog.openAnswer = { canceled: true, filePaths: ['/tmp'] };
    expect(await chooseFolder({ title: 'Velg mappe' })).toStrictEqual({ ok: true, value: { folder: null } });
  });

  it('answers VAULT_LOCKED when the app locked while the picker was open, and grants nothing', async () => {
    grants = null;
    fake.dialog.openAnswer = { canceled: false, filePaths: ['/home/kari/Kursbevis'] };
    expect(await chooseFolder({ title: 'Velg mappe' })).toStrictEqual({ ok: false, error: { code: 'VAULT_LOCKED', message: errorMessages.nb.VAULT_LOCKED } });
  });

  it('answers INTERNAL, translated, when the picker fails', async () => {
    fake.dialog.openError = new Error('portal not available');
    expect(await chooseFolder({ title: 'Velg mappe' })).toStrictEqual({ ok: false, error: { code: 'INTERNAL', message: errorMessages.nb.INTERNAL } });
    language = 'en';
    expect(await chooseFolder({ title: 'Choose folder' })).toStrictEqual({ ok: false, error: { code: 'INTERNAL', message: errorMessages.en.INTERNAL } });
  });

  it('refuses a missing, blank, overlong or extra-keyed title with translated field errors, without opening the picker', async () => {
    expect(await chooseFolder({})).toStrictEqual({
      ok: false,
      error: { code: 'VALIDATION', message: errorMessages.nb.VALIDATION, fields: { title: validationMessages.nb.required } },
    });
    expect(await chooseFolder({ title: '   ' })).toMatchObject({ ok: false, error: { fields: { title: validationMessages.nb.required } } });
    language = 'en';
    expect(await chooseFolder({ title: 'x'.repeat(201) })).toStrictEqual({
      ok: false,
      error: { code: 'VALIDATION', message: errorMessages.en.VALIDATION, fields: { title: validationMessages.en.tooLong } },
    });
    expect(await chooseFolder({ title: 'Velg', defaultPath: '/etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await chooseFolder(null)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(fake.dialog.openCalls).toHaveLength(0);
  });
});

describe('a platform call from anywhere else', () => {
  const refusedCases: [string, () => [FakeWebContents, FakeFrame | null]][] = [
    ['a subframe of the app window', () => [window().webContents, fakeFrame('app://neo/index.html', window().webContents.mainFrame)]],
    ['a foreign frame that claims the app URL', () => [window().webContents, fakeFrame('app://neo/index.html')]],
    [
      'the main frame of another web contents showing the app',
      () => {
        const other = new FakeWebContents('app://neo/index.html');
        return [other, other.mainFrame];
      },
    ],
    ['a frame that no longer exists', () => [window().webContents, null]],
  ];

  for (const [name, makeSender] of refusedCases) {
    it(`is FORBIDDEN, and opens no dialog: ${name}`, async () => {
      const [sender, frame] = makeSender();
      expect(await print(sender, frame)).toStrictEqual(forbidden());
      expect(await chooseFolder({ title: 'Velg mappe' }, sender, frame)).toStrictEqual(forbidden());
      expect(window().webContents.printCalls).toHaveLength(0);
      expect(fake.dialog.openCalls).toHaveLength(0);
    });
  }

  it('is FORBIDDEN when the app main frame has navigated away from the app', async () => {
    window().webContents.mainFrame.url = 'https://evil.example/';
    expect(await print()).toStrictEqual(forbidden());
    language = 'en';
    expect(await chooseFolder({ title: 'Choose' })).toStrictEqual(forbidden('en'));
    expect(window().webContents.printCalls).toHaveLength(0);
    expect(fake.dialog.openCalls).toHaveLength(0);
  });

  it('is FORBIDDEN when there is no app window, or it is destroyed', async () => {
    const contents = window().webContents;
    window().destroyed = true;
    expect(await print(contents)).toStrictEqual(forbidden());
    appWindow = null;
    expect(await chooseFolder({ title: 'Velg mappe' }, contents)).toStrictEqual(forbidden());
    expect(contents.printCalls).toHaveLength(0);
    expect(fake.dialog.openCalls).toHaveLength(0);
  });

  it('checks the sender before the input: bad input from a stranger is FORBIDDEN, not VALIDATION', async () => {
    const other = new FakeWebContents('https://evil.example/');
    expect(await invoke(platformChannels.print, { copies: 1 }, other)).toStrictEqual(forbidden());
    expect(await chooseFolder({ bogus: true }, other)).toStrictEqual(forbidden());
  });
});
