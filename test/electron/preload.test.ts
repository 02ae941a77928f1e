import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../main/contract/channels';
import { platformChannels } from '../../main/contract/platform';
import { fake } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

/** Every function reachable in the exposed object, by dotted path. */
function functionsIn(value: unknown, prefix = ''): Map<string, (input: unknown) => Promise<unknown>> {
  const found = new Map<string, (input: unknown) => Promise<unknown>>();
  if (typeof value !== 'object' || value === null) return found;
  for (const [key, member] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof member === 'function') found.set(name, member as (input: unknown) => Promise<unknown>);
    else for (const [inner, fn] of functionsIn(member, name)) found.set(inner, fn);
  }
  return found;
}

function reaches(value: unknown, target: unknown, seen = new Set<unknown>()): boolean {
  if (value === target) return true;
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) return false;
  seen.add(value);
  return Object.values(value).some((member) => reaches(member, target, seen));
}

beforeAll(async () => {
  await import('../../preload/index');
});

/** The object exposed under this key; fails the test if there is none. */
function exposed(key: string): unknown {
  const entry = fake.contextBridge.exposed.find((e) => e.key === key);
  if (!entry) throw new Error(`nothing exposed as window.${key}`);
  return entry.api;
}

describe('preload', () => {
  it('exposes two objects, window.neo and window.neoPlatform, through contextBridge', () => {
    expect(fake.contextBridge.exposed.map((e) => e.key)).toStrictEqual(['neo', 'neoPlatform']);
  });

  it('exposes exactly one function per contract channel', () => {
    const api = exposed('neo');
    const functions = functionsIn(api);
    expect([...functions.keys()].sort()).toStrictEqual(channelNames.map((c) => c.replace(':', '.')).sort());
  });

  it('each function invokes its own channel with the input, and nothing else', async () => {
    const functions = functionsIn(exposed('neo'));
    for (const channel of channelNames) {
      const input = { probe: channel };
      fake.ipcRenderer.invocations.length = 0;
      const answer = await functions.get(channel.replace(':', '.'))!(input);
      expect(fake.ipcRenderer.invocations).toStrictEqual([{ channel, input }]);
      expect(answer).toStrictEqual({ ok: true, value: channel });
    }
  });

  it('exposes exactly print and chooseFolder on neoPlatform', () => {
    expect([...functionsIn(exposed('neoPlatform')).keys()].sort()).toStrictEqual(['chooseFolder', 'print']);
  });

  it('neoPlatform.print invokes platform:print with an empty input, whatever it is given', async () => {
    const print = functionsIn(exposed('neoPlatform')).get('print')!;
    fake.ipcRenderer.invocations.length = 0;
    const answer = await print({ silent: true, deviceName: 'sneaky' });
    expect(fake.ipcRenderer.invocations).toStrictEqual([{ channel: platformChannels.print, input: {} }]);
    expect(answer).toStrictEqual({ ok: true, value: platformChannels.print });
  });

  it('neoPlatform.chooseFolder invokes platform:chooseFolder with its input', async () => {
    const chooseFolder = functionsIn(exposed('neoPlatform')).get('chooseFolder')!;
    fake.ipcRenderer.invocations.length = 0;
    const input = { title: 'Velg mappe for kursbevis' };
    const answer = await chooseFolder(input);
    expect(fake.ipcRenderer.invocations).toStrictEqual([{ channel: platformChannels.chooseFolder, input }]);
    expect(answer).toStrictEqual({ ok: true, value: platformChannels.chooseFolder });
  });

  it('never exposes ipcRenderer or its methods', () => {
    for (const key of ['neo', 'neoPlatform']) {
      const api = exposed(key);
      expect(reaches(api, fake.ipcRenderer)).toBe(false);
      expect(reaches(api, fake.ipcRenderer.invoke)).toBe(false);
      expect(JSON.stringify(Object.keys(api as object))).not.toMatch(/ipc/i);
    }
  });
});
