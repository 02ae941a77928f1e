import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Core } from '../../main/core/index';
import { SAFE_STORAGE_PROTECTOR_NAME, createKeyProtector } from '../../main/electron/keystore';
import { fake, resetFakeElectron } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

beforeEach(() => resetFakeElectron());

describe('safeStorage key protector', () => {
  it('is refused on Linux with the basic_text fallback (a hard-coded password)', () => {
    fake.safeStorage.backend = 'basic_text';
    expect(createKeyProtector(undefined, 'linux')).toBeUndefined();
  });

  it('is refused on Linux when the backend is unknown', () => {
    fake.safeStorage.backend = 'unknown';
    expect(createKeyProtector(undefined, 'linux')).toBeUndefined();
  });

  it('is refused when encryption is not available at all', () => {
    fake.safeStorage.available = false;
    for (const platform of ['linux', 'win32', 'darwin'] as const) expect(createKeyProtector(undefined, platform)).toBeUndefined();
  });

  it('is offered with a real Linux keystore, and round-trips the key without holding it in the clear', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5']) {
      fake.safeStorage.backend = backend;
      const protector = createKeyProtector(undefined, 'linux');
      expect(protector?.name).toBe(SAFE_STORAGE_PROTECTOR_NAME);
      const key = randomBytes(32);
      const blob = protector!.wrap(key);
      expect(blob.includes(key)).toBe(false);
      expect(blob.toString().includes(key.toString('base64'))).toBe(false);
      expect(protector!.unwrap(blob).equals(key)).toBe(true);
    }
  });

  it('is offered on Windows and macOS, whose keystores are always real', () => {
    fake.safeStorage.backend = 'basic_text'; // reported only on Linux; ignored elsewhere
    expect(createKeyProtector(undefined, 'win32')).toBeDefined();
    expect(createKeyProtector(undefined, 'darwin')).toBeDefined();
  });

  it('adds an OS-keystore wrap to a new vault, next to the passphrase wrap', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'neo-kurs-keystore-'));
    const core = new Core({ dataDir, scrypt: { N: 1024, r: 8, p: 1 }, keyProtector: createKeyProtector(undefined, 'linux') });
    try {
      const created = await core.dispatch('vault:create', { passphrase: 'korrekt hest batteri stift', staffName: 'Kari', role: 'teacher' });
      expect(created.ok).toBe(true);
      const vault = JSON.parse(readFileSync(path.join(dataDir, 'vault.json'), 'utf8')) as { keystoreWraps: Record<string, string> };
      expect(Object.keys(vault.keystoreWraps)).toStrictEqual([SAFE_STORAGE_PROTECTOR_NAME]);
      expect(Buffer.from(vault.keystoreWraps[SAFE_STORAGE_PROTECTOR_NAME]!, 'base64').toString()).toMatch(/^fake-os:/);
    } finally {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
